using OpenClue.Modeling.Data;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Nclue;

/// <summary>Request-time checks of bucket paths (D14) and label files (D17), before anything is stored.</summary>
public sealed class InputChecks(IObjectStorage storage, BucketAccess access)
{
    public static string CheckPath(string path, ApiError invalid)
    {
        if (PathRules.Problem(path) is { } problem) throw new ApiException(invalid, problem);
        return path;
    }

    /// <summary>The objects at bucket/path; 404 with <paramref name="notFound"/> when absent, not granted or not a valid bucket.</summary>
    public async Task<IReadOnlyList<StoredObject>> RequireInputAsync(Tenant tenant, string bucket, string path, ApiError notFound, CancellationToken ct)
    {
        await RequireBucketAsync(tenant, bucket, notFound, ct);
        IReadOnlyList<StoredObject>? objects;
        try
        {
            objects = await storage.ResolveInputAsync(bucket, path, ct);
        }
        catch (StorageException)
        {
            objects = null; // a path the object store refuses (S3 403) answers like a missing one (D14)
        }
        if (objects is null)
            throw new ApiException(notFound, $"Nothing exists at '{path}' in bucket '{bucket}'.");
        return objects;
    }

    public async Task RequireBucketAsync(Tenant tenant, string bucket, ApiError notFound, CancellationToken ct)
    {
        // A bucket that is not granted answers exactly like one that does not exist (D14).
        if (!PathRules.IsValidBucketName(bucket) || !await access.CanUseAsync(tenant, bucket, ct) ||
            !await storage.BucketExistsAsync(bucket, ct))
            throw new ApiException(notFound, $"The bucket '{bucket}' does not exist or this access key may not use it.");
    }

    /// <summary>
    /// Scans the first 10,000 lines of a label file (of its first part, for a directory) for personal data (D17);
    /// the job checks every line.
    /// </summary>
    public void RejectPersonalData(string bucket, IReadOnlyList<StoredObject> objects, string which, ApiError notFound)
    {
        if (objects.Count == 0) return;
        bool found;
        try
        {
            using var stream = storage.OpenRead(bucket, objects[0].Key);
            found = PersonalDataDetector.ScanHead(stream, 10_000);
        }
        catch (StorageException)
        {
            throw new ApiException(notFound, $"The {which} label file '{objects[0].Key}' cannot be read.");
        }
        if (found)
            throw new ApiException(ApiError.PersonalDataNotAllowed,
                $"The {which} label file '{objects[0].Key}' appears to contain personal data (phone, e-mail, card, resident, passport or licence number); remove it and retry.");
    }
}
