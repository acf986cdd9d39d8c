using Microsoft.Extensions.Options;
using OpenClue.Modeling.Data;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// The per-tenant storage quota (D22): counted while an artifact is written (<see cref="LimitWritesAsync"/>), and checked
/// again once it is stored, since shards written at once on several workers each see the quota left when they began.
/// </summary>
public sealed class StorageQuota(IArtifactStore artifacts, IOptions<OpenClueOptions> options)
{
    /// <summary>Wraps an artifact's output stream so writing stops with <c>DISK_SPACE_SHORTAGE</c> at the quota.</summary>
    public async Task<Func<Stream, Stream>> LimitWritesAsync(string tenant, CancellationToken ct)
    {
        var limit = options.Value.Quota.BytesPerTenant;
        if (limit <= 0) return stream => stream;
        var left = limit - await artifacts.TotalBytesAsync(tenant, ct);
        return stream => new QuotaStream(stream, left, tenant, limit);
    }

    public async Task EnforceAsync(string tenant, string justWritten, CancellationToken ct)
    {
        var limit = options.Value.Quota.BytesPerTenant;
        if (limit <= 0) return;
        if (await artifacts.TotalBytesAsync(tenant, ct) <= limit) return;
        await artifacts.DeleteAsync(justWritten, ct);
        throw new JobFailedException(FailMessages.DiskSpaceShortage, $"Tenant {tenant} is over its quota of {limit} bytes");
    }
}
