using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace OpenClue.Server.Platform.Storage.S3;

/// <summary>
/// D20 for S3: an object is published as one multipart upload whose completion is the atomic step. Unfinished uploads
/// of earlier (crashed) attempts at the same key are aborted first; the upload is aborted when the writer fails, the
/// upload fails, or the publish is cancelled. A reader never sees a partial object.
/// </summary>
public sealed class S3Publisher(IAmazonS3 s3, ResiliencePipeline pipeline, S3FailureMap failures, S3TransferOptions options,
    ILogger? log = null)
{
    private readonly ILogger _log = log ?? NullLogger.Instance;

    /// <summary>Runs <paramref name="write"/> against an upload stream and completes the object; returns its size in bytes.
    /// Exceptions the writer throws come out unchanged; S3 failures through <see cref="S3FailureMap.Write"/>.</summary>
    public async Task<long> PublishAsync(string bucket, string key, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        await AbortLeftoversAsync(bucket, key, ct);
        var upload = new S3MultipartUpload(s3, bucket, key, pipeline, failures);
        var stream = new S3PartWriteStream(upload, options.PartSize, ct);
        try
        {
            await write(stream, ct);
            ct.ThrowIfCancellationRequested();
            await stream.CompleteAsync();
            return stream.Length;
        }
        catch
        {
            await stream.DrainAsync();
            if (!await upload.TryAbortAsync())
                _log.LogWarning("Could not abort multipart upload {UploadId} of {Bucket}/{Key}; the next publish of the key or the bucket's lifecycle rule removes it",
                    upload.UploadId, bucket, key);
            throw;
        }
    }

    /// <summary>Aborts unfinished multipart uploads of exactly this key. Best effort: a service that cannot list
    /// uploads (s3rver), or a key without that permission, does not stop the publish.</summary>
    public async Task AbortLeftoversAsync(string bucket, string key, CancellationToken ct)
    {
        IReadOnlyList<string> ids;
        try
        {
            ids = await S3Listing.UnfinishedUploadIdsAsync(s3, pipeline, bucket, key, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            _log.LogDebug(ex, "Listing unfinished uploads of {Bucket}/{Key} failed; leftovers are not aborted", bucket, key);
            return;
        }
        foreach (var id in ids)
        {
            try
            {
                await pipeline.ExecuteAsync(async t => await s3.AbortMultipartUploadAsync(
                    new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = id }, t), ct);
                _log.LogInformation("Aborted leftover multipart upload {UploadId} of {Bucket}/{Key}", id, bucket, key);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                if (!S3Errors.IsNotFound(ex))
                    _log.LogWarning(ex, "Could not abort leftover multipart upload {UploadId} of {Bucket}/{Key}", id, bucket, key);
            }
        }
    }
}
