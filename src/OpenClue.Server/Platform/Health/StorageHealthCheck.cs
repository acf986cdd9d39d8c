using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Storage;
using OpenClue.Server.Platform.Storage.S3;

namespace OpenClue.Server.Platform.Health;

/// <summary>The artifact store's bucket exists (S3), or the local bucket folder does.</summary>
public sealed class StorageHealthCheck(OpenClueOptions options, DataDirectory data, IObjectStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var ok = S3Uri.IsS3(options.ArtifactStore)
            ? await storage.BucketExistsAsync(S3Uri.Parse(options.ArtifactStore).Bucket, cancellationToken)
            : Directory.Exists(data.BucketsRoot);
        return ok ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("storage not reachable");
    }
}
