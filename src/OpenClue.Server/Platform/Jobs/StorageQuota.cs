using Microsoft.Extensions.Options;
using OpenClue.Modeling.Data;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>The per-tenant storage quota (D22), checked after an artifact is written; over quota, it is removed again.</summary>
public sealed class StorageQuota(IArtifactStore artifacts, IOptions<OpenClueOptions> options)
{
    public async Task EnforceAsync(string tenant, string justWritten, CancellationToken ct)
    {
        var limit = options.Value.Quota.BytesPerTenant;
        if (limit <= 0) return;
        if (await artifacts.TotalBytesAsync(tenant, ct) <= limit) return;
        await artifacts.DeleteAsync(justWritten, ct);
        throw new JobFailedException(FailMessages.DiskSpaceShortage, $"Tenant {tenant} is over its quota of {limit} bytes");
    }
}
