using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using OpenClue.Server.Platform.Storage.S3;
using Polly;

namespace OpenClue.Server.Platform.Artifacts;

/// <summary>
/// Artifacts (features, models, run scores) as objects under <c>s3://bucket/prefix</c> (D23 <c>ArtifactStore</c>):
/// key <c>K</c> is object <c>{prefix}/K</c>. Writes are the same atomic multipart publish as results (D20). Failures
/// surface like the local store's: <see cref="FileNotFoundException"/> for a missing artifact, otherwise <see cref="IOException"/>.
/// </summary>
public sealed class S3ArtifactStore : IArtifactStore
{
    private const int DeleteBatch = 1000; // DeleteObjects' limit
    private readonly IAmazonS3 _s3;
    private readonly S3Uri _root;
    private readonly S3TransferOptions _options;
    private readonly ResiliencePipeline _pipeline;
    private readonly S3Publisher _publisher;
    private static readonly S3FailureMap Failures = S3FailureMap.Artifacts;

    public S3ArtifactStore(IAmazonS3 s3, S3Uri root, S3TransferOptions? options = null, ILogger<S3ArtifactStore>? log = null)
    {
        _s3 = s3;
        _root = root;
        _options = options ?? new S3TransferOptions();
        _options.Validate();
        _pipeline = S3Resilience.Create(_options);
        _publisher = new S3Publisher(s3, _pipeline, Failures, _options, log);
    }

    /// <summary>For <c>ArtifactStore = s3://bucket/prefix</c>.</summary>
    public S3ArtifactStore(IAmazonS3 s3, string location, S3TransferOptions? options = null, ILogger<S3ArtifactStore>? log = null)
        : this(s3, S3Uri.Parse(location), options, log) { }

    public S3Uri Root => _root;

    public Task<long> WriteAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken ct) =>
        _publisher.PublishAsync(_root.Bucket, ObjectKey(key), write, ct);

    public Stream OpenRead(string key) =>
        new S3ReadStream(_s3, _root.Bucket, ObjectKey(key), 0, null, _pipeline, Failures, _options);

    /// <summary>Bytes [start, endExclusive) of an artifact.</summary>
    public Stream OpenRange(string key, long start, long? endExclusive) =>
        new S3ReadStream(_s3, _root.Bucket, ObjectKey(key), start, endExclusive, _pipeline, Failures, _options);

    /// <summary>Deletes the artifact, or everything under the key when it ends with '/'. Missing is not an error.</summary>
    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        if (key.EndsWith('/'))
        {
            await DeletePrefixAsync(key, ct);
            return;
        }
        var objectKey = ObjectKey(key);
        try
        {
            await _pipeline.ExecuteAsync(async t => await _s3.DeleteObjectAsync(
                new DeleteObjectRequest { BucketName = _root.Bucket, Key = objectKey }, t), ct);
        }
        catch (Exception ex) when (S3Errors.IsNotFound(ex)) { }
        catch (Exception ex) when (!IsCallerCancellation(ex, ct))
        {
            throw Failures.Write(ex, $"{_root.Bucket}/{objectKey}");
        }
    }

    /// <summary>Deletes every artifact whose key starts with <paramref name="keyPrefix"/> (give a trailing '/' for a folder);
    /// returns how many objects were deleted.</summary>
    public async Task<int> DeletePrefixAsync(string keyPrefix, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyPrefix); // never the whole store by accident
        var prefix = ObjectKey(keyPrefix);
        var deleted = 0;
        try
        {
            var batch = new List<KeyVersion>(DeleteBatch);
            await foreach (var item in S3Listing.ObjectsAsync(_s3, _pipeline, _root.Bucket, prefix, ct))
            {
                batch.Add(new KeyVersion { Key = item.Key });
                if (batch.Count == DeleteBatch) deleted += await DeleteBatchAsync(batch, ct);
            }
            if (batch.Count > 0) deleted += await DeleteBatchAsync(batch, ct);
            return deleted;
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, ct) && ex is not IOException)
        {
            throw Failures.Write(ex, $"{_root.Bucket}/{prefix}");
        }
    }

    private async Task<int> DeleteBatchAsync(List<KeyVersion> batch, CancellationToken ct)
    {
        var request = new DeleteObjectsRequest { BucketName = _root.Bucket, Objects = [.. batch], Quiet = true };
        var response = await _pipeline.ExecuteAsync(async t => await _s3.DeleteObjectsAsync(request, t), ct);
        var errors = response.DeleteErrors?.Where(e => e.Code != "NoSuchKey").ToList() ?? [];
        if (errors.Count > 0)
            throw new IOException($"Could not delete {errors.Count} artifact(s), e.g. {errors[0].Key}: {errors[0].Code} {errors[0].Message}");
        var count = batch.Count;
        batch.Clear();
        return count;
    }

    /// <summary>Bytes stored for a tenant: the sizes of every object under <c>{prefix}/{tenant}/</c>.</summary>
    public async Task<long> TotalBytesAsync(string tenant, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenant);
        var prefix = ObjectKey(tenant + "/");
        long total = 0;
        try
        {
            await foreach (var item in S3Listing.ObjectsAsync(_s3, _pipeline, _root.Bucket, prefix, ct)) total += item.Size ?? 0;
            return total;
        }
        catch (Exception ex) when (!IsCallerCancellation(ex, ct))
        {
            throw Failures.Read(ex, $"{_root.Bucket}/{prefix}");
        }
    }

    private string ObjectKey(string key)
    {
        if (key.Length == 0 || key[0] == '/' || key.Contains("//", StringComparison.Ordinal) ||
            key.Split('/').Any(s => s is "." or ".."))
            throw new ArgumentException($"Bad artifact key '{key}'.");
        return _root.KeyOf(key);
    }

    private static bool IsCallerCancellation(Exception ex, CancellationToken ct) => ex is OperationCanceledException && ct.IsCancellationRequested;
}
