using System.Buffers;
using OpenClue.Modeling.Data;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Nclue.Buckets;

/// <summary>
/// Objects in the buckets a tenant may use (D7, D25), through the same <see cref="IObjectStorage"/> jobs read and
/// publish with: local buckets keep their confinement rules, S3 buckets are proxied. Bodies are streamed both ways.
/// </summary>
public sealed class BucketObjectService(IObjectStorage storage, BucketAccess access, InputChecks checks, OpenClueOptions options)
{
    private const int CopyBufferBytes = 1 << 16;

    /// <summary>
    /// Writes the object atomically (D20): a body that fails, is cut short or passes <c>Limits:ObjectBytes</c> leaves
    /// nothing visible, nor a temporary file. Into a local bucket the tenant may use, the first object creates its folder.
    /// </summary>
    public async Task<ObjectMetadata> PutAsync(Tenant tenant, ObjectUploadRequest request, CancellationToken ct)
    {
        var (bucket, path) = (request.Address.Bucket, request.Address.Path);
        if (!PathRules.IsValidBucketName(bucket) || !await access.CanUseAsync(tenant, bucket, ct)) throw MissingBucket(bucket);
        var limit = options.Limits.ObjectBytes;
        if (request.Length > limit) throw TooLarge(limit);
        try
        {
            await storage.PublishAsync(bucket, path, (output, token) => CopyAsync(request.Content, output, limit, token), ct);
        }
        catch (StorageException) when (ct.IsCancellationRequested)
        {
            throw new OperationCanceledException(ct);
        }
        catch (StorageException ex) when (ex.InnerException is FileNotFoundException)
        {
            // A later upload of the same key cleared this one's temporary file as a leftover (D20): it wins.
            throw new InvalidStateException($"Another upload of '{path}' in bucket '{bucket}' started while this one was sent; this one was dropped. Retry if it should win.");
        }
        catch (StorageException ex)
        {
            if (!await storage.BucketExistsAsync(bucket, ct)) throw MissingBucket(bucket);
            throw Refused(ex, bucket, path);
        }
        return await StatAsync(bucket, path, ct);
    }

    public async Task<ObjectMetadata> StatAsync(Tenant tenant, ObjectAddress address, CancellationToken ct)
    {
        await checks.RequireBucketAsync(tenant, address.Bucket, "bucket", ct);
        return await StatAsync(address.Bucket, address.Path, ct);
    }

    /// <summary>The object opened for reading, with its metadata; the caller disposes the stream.</summary>
    public async Task<ObjectDownload> OpenAsync(Tenant tenant, ObjectAddress address, CancellationToken ct)
    {
        var metadata = await StatAsync(tenant, address, ct);
        try
        {
            return new ObjectDownload(metadata, storage.OpenRead(address.Bucket, address.Path));
        }
        catch (StorageException ex)
        {
            throw Refused(ex, address.Bucket, address.Path);
        }
    }

    public async Task DeleteAsync(Tenant tenant, ObjectAddress address, CancellationToken ct)
    {
        await checks.RequireBucketAsync(tenant, address.Bucket, "bucket", ct);
        bool deleted;
        try
        {
            deleted = await storage.DeleteAsync(address.Bucket, address.Path, ct);
        }
        catch (StorageException ex)
        {
            throw Refused(ex, address.Bucket, address.Path);
        }
        if (!deleted) throw Missing(address.Bucket, address.Path);
    }

    /// <summary>
    /// The objects whose paths start with the prefix, in path order: what a dataset path naming the prefix's folder would
    /// read (D15: names starting with <c>_</c> or <c>.</c> are left out, as are unfinished uploads), paged (D4).
    /// </summary>
    public async Task<(int Total, List<StoredObject> Page)> ListAsync(Tenant tenant, ObjectListRequest request, CancellationToken ct)
    {
        await checks.RequireBucketAsync(tenant, request.Bucket, "bucket", ct);
        var folder = request.Prefix[..(request.Prefix.LastIndexOf('/') + 1)];
        IReadOnlyList<StoredObject>? objects;
        try
        {
            objects = await storage.ResolveInputAsync(request.Bucket, folder.Length == 0 ? "/" : folder, ct);
        }
        catch (StorageException ex)
        {
            throw Refused(ex, request.Bucket, folder);
        }
        var page = new List<StoredObject>(request.Paging.Limit);
        var total = 0;
        foreach (var stored in objects ?? [])
        {
            if (!stored.Key.StartsWith(request.Prefix, StringComparison.Ordinal)) continue;
            if (total >= request.Paging.Index && page.Count < request.Paging.Limit) page.Add(stored);
            total++;
        }
        return (total, page);
    }

    /// <summary>
    /// The page of those objects whose paths sort after <see cref="ObjectListRequest.After"/>, without counting the rest:
    /// the storage visits only the keys up to the page's end (one more, to tell whether the page is the last).
    /// <c>NextAfter</c> is the page's last path while more follow.
    /// </summary>
    public async Task<(List<StoredObject> Page, string? NextAfter)> ListAfterAsync(Tenant tenant, ObjectListRequest request, string after,
        CancellationToken ct)
    {
        await checks.RequireBucketAsync(tenant, request.Bucket, "bucket", ct);
        var limit = request.Paging.Limit;
        IReadOnlyList<StoredObject> objects;
        try
        {
            objects = await storage.ListAfterAsync(request.Bucket, request.Prefix, after, limit + 1, ct);
        }
        catch (StorageException ex)
        {
            throw Refused(ex, request.Bucket, request.Prefix[..(request.Prefix.LastIndexOf('/') + 1)]);
        }
        var page = new List<StoredObject>(Math.Min(objects.Count, limit));
        for (var i = 0; i < objects.Count && i < limit; i++) page.Add(objects[i]);
        return (page, objects.Count > limit ? page[^1].Key : null);
    }

    private async Task<ObjectMetadata> StatAsync(string bucket, string path, CancellationToken ct)
    {
        try
        {
            return await storage.StatAsync(bucket, path, ct) ?? throw Missing(bucket, path);
        }
        catch (StorageException ex)
        {
            throw Refused(ex, bucket, path);
        }
    }

    /// <summary>Copies the request body, counting: past the limit the write stops there (issue 11's rule), not at the end.</summary>
    private static async Task CopyAsync(Stream body, Stream output, long limit, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            long written = 0;
            while (true)
            {
                int read;
                try
                {
                    read = await body.ReadAsync(buffer, ct);
                }
                catch (IOException ex)
                {
                    throw InvalidInputException.Parameter($"The upload was cut short ({ex.Message}); nothing was stored.");
                }
                if (read == 0) return;
                written += read;
                if (written > limit) throw TooLarge(limit);
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A key the bucket's rules refuse (a link leaving a local bucket, a FIFO, S3's access denied) answers like a missing
    /// one, as dataset paths do (D14); other storage failures are the server's (500, logged).
    /// </summary>
    private static Exception Refused(StorageException ex, string bucket, string path) => ex.FailMessage switch
    {
        FailMessages.NotExistFile => Missing(bucket, path),
        FailMessages.ObsUserFileAccessError or FailMessages.UnexpectedFileType or FailMessages.ObsDownloadFailed =>
            new NotFoundException($"'{path}' in bucket '{bucket}' cannot be used: {ex.Message}.", "path"),
        _ => ex,
    };

    private static NotFoundException Missing(string bucket, string path) => new($"Nothing exists at '{path}' in bucket '{bucket}'.", "path");

    private static NotFoundException MissingBucket(string bucket) =>
        new($"The bucket '{bucket}' does not exist or this access key may not use it.", "bucket");

    private static InvalidInputException TooLarge(long limit) =>
        new(InputProblem.BodyTooLarge, $"The object is larger than {limit} bytes (OpenClue:Limits:ObjectBytes); nothing was stored.");
}
