using OpenClue.Modeling.Data;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Nclue;

/// <summary>Request-time checks of bucket paths (D14) and label files (D17), before anything is stored.</summary>
public sealed class InputChecks(IObjectStorage storage, BucketAccess access, OpenClueOptions options)
{
    /// <summary>The path of request field <paramref name="field"/> if the path rules allow it (D14).</summary>
    public static string CheckPath(string path, string field)
    {
        if (PathRules.Problem(path) is { } problem) throw new InvalidInputException(InputProblem.InvalidPathCharacter, problem, field);
        return path;
    }

    /// <summary>
    /// The objects at bucket/path; not found (for request field <paramref name="field"/>) when absent, not granted or
    /// not a valid bucket.
    /// </summary>
    public async Task<IReadOnlyList<StoredObject>> RequireInputAsync(Tenant tenant, string bucket, string path, string field, CancellationToken ct)
    {
        await RequireBucketAsync(tenant, bucket, field, ct);
        IReadOnlyList<StoredObject>? objects;
        try
        {
            objects = await storage.ResolveInputAsync(bucket, path, ct);
        }
        catch (StorageException ex)
        {
            // A path the object store refuses (S3 403, a link leaving a local bucket, a FIFO) answers like a missing one (D14).
            throw new NotFoundException($"'{path}' in bucket '{bucket}' cannot be used: {ex.Message}.", field);
        }
        if (objects is null)
            throw new NotFoundException($"Nothing exists at '{path}' in bucket '{bucket}'.", field);
        return objects;
    }

    public async Task RequireBucketAsync(Tenant tenant, string bucket, string field, CancellationToken ct)
    {
        // A bucket that is not granted answers exactly like one that does not exist (D14).
        if (!PathRules.IsValidBucketName(bucket) || !await access.CanUseAsync(tenant, bucket, ct) ||
            !await storage.BucketExistsAsync(bucket, ct))
            throw new NotFoundException($"The bucket '{bucket}' does not exist or this access key may not use it.", field);
    }

    /// <summary>
    /// Scans the first 10,000 lines of a label file (of its first part, for a directory) for personal data (D17), and no
    /// more than <c>Limits:PersonalDataScanChars</c> of it, so a label file of one huge line answers at once; the job
    /// checks every line.
    /// </summary>
    public void RejectPersonalData(string bucket, IReadOnlyList<StoredObject> objects, string which, string field)
    {
        if (objects.Count == 0) return;
        bool found;
        try
        {
            using var stream = storage.OpenRead(bucket, objects[0].Key);
            found = PersonalDataDetector.ScanHead(stream, 10_000, options.Limits.PersonalDataScanChars);
        }
        catch (StorageException ex)
        {
            throw new NotFoundException($"The {which} label file '{objects[0].Key}' cannot be read: {ex.Message}.", field);
        }
        if (found)
            throw new InvalidInputException(InputProblem.PersonalData,
                $"The {which} label file '{objects[0].Key}' appears to contain personal data (phone, e-mail, card, resident, passport or licence number); remove it and retry.", field);
    }
}
