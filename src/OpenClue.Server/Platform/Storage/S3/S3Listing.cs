using Amazon.S3;
using Amazon.S3.Model;
using Polly;

namespace OpenClue.Server.Platform.Storage.S3;

/// <summary>Paginated ListObjectsV2 and ListMultipartUploads, each page through the retry pipeline.</summary>
public static class S3Listing
{
    public static IAsyncEnumerable<S3Object> ObjectsAsync(IAmazonS3 s3, ResiliencePipeline pipeline, string bucket,
        string prefix, CancellationToken ct) =>
        ObjectsAsync(s3, pipeline, bucket, prefix, startAfter: null, pageKeys: null, ct);

    /// <summary>The objects after <paramref name="startAfter"/> (S3's StartAfter), asking for <paramref name="pageKeys"/> a call.</summary>
    public static async IAsyncEnumerable<S3Object> ObjectsAsync(IAmazonS3 s3, ResiliencePipeline pipeline, string bucket,
        string prefix, string? startAfter, int? pageKeys, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? token = null;
        do
        {
            var request = new ListObjectsV2Request
            {
                BucketName = bucket, Prefix = prefix, ContinuationToken = token, StartAfter = startAfter, MaxKeys = pageKeys,
            };
            var page = await pipeline.ExecuteAsync(async t => await s3.ListObjectsV2Async(request, t), ct);
            foreach (var item in page.S3Objects ?? []) yield return item;
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (!string.IsNullOrEmpty(token));
    }

    /// <summary>Unfinished multipart uploads of exactly <paramref name="key"/>.</summary>
    public static async Task<IReadOnlyList<string>> UnfinishedUploadIdsAsync(IAmazonS3 s3, ResiliencePipeline pipeline,
        string bucket, string key, CancellationToken ct)
    {
        var ids = new List<string>();
        string? keyMarker = null, uploadIdMarker = null;
        while (true)
        {
            var request = new ListMultipartUploadsRequest
            {
                BucketName = bucket, Prefix = key, KeyMarker = keyMarker, UploadIdMarker = uploadIdMarker,
            };
            var page = await pipeline.ExecuteAsync(async t => await s3.ListMultipartUploadsAsync(request, t), ct);
            foreach (var upload in page.MultipartUploads ?? [])
                if (string.Equals(upload.Key, key, StringComparison.Ordinal)) ids.Add(upload.UploadId);
            if (page.IsTruncated != true || (page.NextKeyMarker is null && page.NextUploadIdMarker is null)) return ids;
            (keyMarker, uploadIdMarker) = (page.NextKeyMarker, page.NextUploadIdMarker);
        }
    }
}
