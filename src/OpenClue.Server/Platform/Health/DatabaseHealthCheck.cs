using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Health;

/// <summary>The metadata database answers a query on the jobs table.</summary>
public sealed class DatabaseHealthCheck(OpenClueDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!await db.Database.CanConnectAsync(cancellationToken)) return HealthCheckResult.Unhealthy("cannot connect");
        await db.Jobs.AnyAsync(cancellationToken);
        return HealthCheckResult.Healthy();
    }
}
