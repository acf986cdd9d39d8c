using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Polly;

namespace OpenClue.Server.Platform.Storage.S3;

/// <summary>
/// Customer buckets on an S3-compatible service (D14, D15, D20): NCP Object Storage, AWS S3, MinIO, s3rver.
/// Every request goes through the transient-failure retry pipeline; final failures become
/// <see cref="StorageException"/>s carrying the job fail message.
/// </summary>
public sealed class S3ObjectStorage : IObjectStorage
{
    private readonly IAmazonS3 _s3;
    private readonly S3TransferOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly S3Publisher _publisher;
    private static readonly S3FailureMap Failures = S3FailureMap.CustomerBucket;

    public S3ObjectStorage(IAmazonS3 s3, S3TransferOptions? options = null, ILogger<S3ObjectStorage>? log = null)
    {
        _s3 = s3;
        _options = options ?? new S3TransferOptions();
        _options.Validate();
        _pipeline = S3Resilience.Create(_options);
        _publisher = new S3Publisher(s3, _pipeline, Failures, _options, log);
    }

    /// <summary>False for a bucket that does not exist and for one the credentials may not use (S3 403): D14 answers both with the same 404.</summary>
    public async ValueTask<bool> BucketExistsAsync(string bucket, CancellationToken ct)
    {
        if (!PathRules.IsValidBucketName(bucket)) return false;
        try
        {
            await _pipeline.ExecuteAsync(async t => await _s3.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, t), ct);
            return true;
        }
        catch (Exception ex) when (S3Errors.IsNotFound(ex) || S3Errors.IsForbidden(ex))
        {
            return false;
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, ct))
        {
            throw Failures.Read(ex, bucket);
        }
    }

    public async ValueTask<IReadOnlyList<StoredObject>?> ResolveInputAsync(string bucket, string path, CancellationToken ct)
    {
        try
        {
            if (!path.EndsWith('/') && await HeadAsync(bucket, path, ct) is { } size)
                return [new StoredObject(path, size)];

            var trimmed = path.TrimEnd('/');
            var prefix = trimmed.Length == 0 ? "" : trimmed + "/";
            var found = false;
            var list = new List<StoredObject>();
            await foreach (var item in S3Listing.ObjectsAsync(_s3, _pipeline, bucket, prefix, ct))
            {
                found = true;
                if (IsSkipped(item.Key.AsSpan(prefix.Length))) continue;
                list.Add(new StoredObject(item.Key, item.Size ?? 0));
            }
            if (!found) return null;
            list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            return list;
        }
        catch (Exception ex) when (S3Errors.IsNotFound(ex))
        {
            return null; // NoSuchBucket
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, ct))
        {
            throw Failures.Read(ex, $"{bucket}/{path}");
        }
    }

    public async ValueTask<IReadOnlyList<StoredObject>> ListAfterAsync(string bucket, string prefix, string after, int count, CancellationToken ct)
    {
        var folder = prefix.LastIndexOf('/') + 1; // hidden segments are judged below the prefix's folder, as ResolveInputAsync does
        var page = new List<StoredObject>(count);
        try
        {
            await foreach (var item in S3Listing.ObjectsAsync(_s3, _pipeline, bucket, prefix, after.Length == 0 ? null : after, count, ct))
            {
                if (IsSkipped(item.Key.AsSpan(folder))) continue;
                page.Add(new StoredObject(item.Key, item.Size ?? 0));
                if (page.Count == count) break;
            }
        }
        catch (Exception ex) when (S3Errors.IsNotFound(ex))
        {
            return []; // NoSuchBucket
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, ct))
        {
            throw Failures.Read(ex, $"{bucket}/{prefix}");
        }
        // S3 lists in key order already; a compatible store that does not (s3rver walks its folders) still answers in order.
        page.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return page;
    }

    /// <summary>
    /// A key below the listed prefix is skipped when any of its segments starts with '_' or '.' (Hadoop's
    /// <c>_SUCCESS</c>, <c>.crc</c>, <c>_temporary/</c>), or when it is a folder marker (ends with '/').
    /// </summary>
    public static bool IsSkipped(ReadOnlySpan<char> relativeKey)
    {
        if (relativeKey.IsEmpty || relativeKey[^1] == '/') return true;
        foreach (var range in relativeKey.Split('/'))
        {
            var segment = relativeKey[range];
            if (segment.IsEmpty || segment[0] is '_' or '.') return true;
        }
        return false;
    }

    public Stream OpenRead(string bucket, string key) => OpenRange(bucket, key, 0, null);

    /// <summary>Streams bytes [<paramref name="start"/>, <paramref name="endExclusive"/>) (or to the end) of an object;
    /// a range starting at or past the end reads as empty. The request is made on the first read.</summary>
    public Stream OpenRange(string bucket, string key, long start, long? endExclusive) =>
        new S3ReadStream(_s3, bucket, key, start, endExclusive, _pipeline, Failures, _options);

    public Task PublishAsync(string bucket, string key, Func<Stream, CancellationToken, Task> write, CancellationToken ct) =>
        _publisher.PublishAsync(bucket, key, write, ct);

    public async ValueTask<bool> ObjectExistsAsync(string bucket, string key, CancellationToken ct)
    {
        try
        {
            return await HeadAsync(bucket, key, ct) is not null;
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, ct))
        {
            throw Failures.Read(ex, $"{bucket}/{key}");
        }
    }

    public async ValueTask<ObjectMetadata?> StatAsync(string bucket, string key, CancellationToken ct)
    {
        try
        {
            var meta = await _pipeline.ExecuteAsync(async t => await _s3.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = bucket, Key = key }, t), ct);
            var modified = meta.LastModified is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at.ToUniversalTime(), DateTimeKind.Utc)) : DateTimeOffset.UnixEpoch;
            return new ObjectMetadata(meta.ContentLength, modified, meta.ETag ?? $"\"{meta.ContentLength:x}-{modified.UtcTicks:x}\"");
        }
        catch (Exception ex) when (S3Errors.IsNotFound(ex))
        {
            return null;
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, ct))
        {
            throw Failures.Read(ex, $"{bucket}/{key}");
        }
    }

    /// <summary>S3 answers a delete of a missing key with success, so the key is looked up first to say whether it was there.</summary>
    public async ValueTask<bool> DeleteAsync(string bucket, string key, CancellationToken ct)
    {
        if (await StatAsync(bucket, key, ct) is null) return false;
        try
        {
            await _pipeline.ExecuteAsync(async t => await _s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, t), ct);
            return true;
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, ct))
        {
            throw Failures.Write(ex, $"{bucket}/{key}");
        }
    }

    /// <summary>The object's size, or null when there is no object at exactly that key.</summary>
    private async Task<long?> HeadAsync(string bucket, string key, CancellationToken ct)
    {
        try
        {
            var meta = await _pipeline.ExecuteAsync(async t => await _s3.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = bucket, Key = key }, t), ct);
            return meta.ContentLength;
        }
        catch (AmazonS3Exception ex) when (S3Errors.IsNotFound(ex))
        {
            return null;
        }
    }

    private static bool IsCallerCancellation(Exception ex, CancellationToken ct) => ex is OperationCanceledException && ct.IsCancellationRequested;
}
