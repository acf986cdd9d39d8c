using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace OpenClue.Server.Platform.Storage.S3;

/// <summary>Builds the SDK client for <see cref="S3Settings"/>.</summary>
public static class S3ClientFactory
{
    public static IAmazonS3 Create(S3Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var checksums = ParseChecksumMode(settings.ChecksumMode);
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.ForcePathStyle,
            RequestChecksumCalculation = checksums.Request,
            ResponseChecksumValidation = checksums.Response,
            // Retries are ours (S3Resilience: 4 attempts with backoff and jitter); the SDK's would multiply them.
            MaxErrorRetry = 0,
        };
        if (!string.IsNullOrWhiteSpace(settings.Endpoint))
        {
            config.ServiceURL = settings.Endpoint;
            config.AuthenticationRegion = string.IsNullOrWhiteSpace(settings.Region) ? "us-east-1" : settings.Region;
        }
        else if (!string.IsNullOrWhiteSpace(settings.Region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(settings.Region);
        }
        else
        {
            throw new ArgumentException("S3 needs an Endpoint or a Region.", nameof(settings));
        }

        return string.IsNullOrEmpty(settings.AccessKey)
            ? new AmazonS3Client(config) // the SDK's default credential chain (environment, profile, instance role)
            : new AmazonS3Client(new BasicAWSCredentials(settings.AccessKey, settings.SecretKey ?? ""), config);
    }

    public static (RequestChecksumCalculation Request, ResponseChecksumValidation Response) ParseChecksumMode(string? mode) =>
        (mode ?? "WHEN_REQUIRED").Trim().ToUpperInvariant() switch
        {
            "" or "WHEN_REQUIRED" => (RequestChecksumCalculation.WHEN_REQUIRED, ResponseChecksumValidation.WHEN_REQUIRED),
            "WHEN_SUPPORTED" => (RequestChecksumCalculation.WHEN_SUPPORTED, ResponseChecksumValidation.WHEN_SUPPORTED),
            _ => throw new ArgumentException($"ChecksumMode must be WHEN_REQUIRED or WHEN_SUPPORTED, not '{mode}'."),
        };
}
