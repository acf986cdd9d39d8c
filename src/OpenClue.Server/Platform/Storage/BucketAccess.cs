using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Storage;

/// <summary>Which buckets a tenant may use (D7): the operator tenant every bucket, others only granted ones.</summary>
public sealed class BucketAccess(OpenClueDbContext db)
{
    public async Task<bool> CanUseAsync(Tenant tenant, string bucket, CancellationToken ct)
    {
        if (tenant.IsOperator) return true;
        return await db.BucketGrants.AnyAsync(g => g.TenantId == tenant.Id && g.Bucket == bucket, ct);
    }
}
