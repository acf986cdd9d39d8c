using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using OpenClue.Cli.Config;
using OpenClue.Cli.Errors;

namespace OpenClue.Cli.Buckets;

/// <summary>Buckets in S3-compatible object storage (NCP Object Storage, MinIO, AWS), with the configured S3 key.</summary>
internal sealed class S3Buckets : IBuckets, IDisposable
{
    private readonly AmazonS3Client _s3;

    public S3Buckets(S3Settings settings)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = true,
            // Only the checksums S3 requires: S3-compatible stores (NCP, MinIO, s3rver) lag behind AWS's newer ones.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrWhiteSpace(settings.Endpoint))
        {
            config.ServiceURL = settings.Endpoint;
            config.AuthenticationRegion = string.IsNullOrWhiteSpace(settings.Region) ? "us-east-1" : settings.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(settings.Region);
        }
        _s3 = string.IsNullOrEmpty(settings.AccessKey)
            ? new AmazonS3Client(config) // the SDK's default credential chain
            : new AmazonS3Client(new BasicAWSCredentials(settings.AccessKey, settings.SecretKey ?? ""), config);
    }

    public string Describe(string bucket, string key) => $"s3://{bucket}/{key}";

    public async Task EnsureBucketAsync(string bucket, CancellationToken ct)
    {
        try
        {
            await _s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, ct);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Already there (or taken, which the upload then reports).
        }
    }

    public async Task UploadAsync(string localFile, string bucket, string key, CancellationToken ct)
    {
        try
        {
            // Plain (not aws-chunked) bodies: some S3-compatible servers store chunk framing verbatim.
            await _s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, FilePath = localFile, UseChunkEncoding = false }, ct);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
        {
            throw CliException.Usage($"The bucket '{bucket}' does not exist in {Describe(bucket, "")}; create it first.");
        }
    }

    public Task DownloadAsync(string bucket, string key, string localFile, CancellationToken ct) =>
        LocalFile.WriteAsync(localFile, output => CopyToAsync(bucket, key, output, ct));

    public async Task CopyToAsync(string bucket, string key, Stream destination, CancellationToken ct)
    {
        try
        {
            using var response = await _s3.GetObjectAsync(bucket, key, ct);
            await response.ResponseStream.CopyToAsync(destination, ct);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "NoSuchKey" or "NoSuchBucket")
        {
            throw CliException.Usage($"{Describe(bucket, key)} does not exist in the configured object storage.");
        }
    }

    public void Dispose() => _s3.Dispose();
}
