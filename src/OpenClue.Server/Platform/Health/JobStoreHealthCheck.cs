using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenClue.Server.Platform.Hosting;
using Quartz;

namespace OpenClue.Server.Platform.Health;

/// <summary>Quartz's persistent job store is reachable, and a process that runs jobs has its scheduler running.</summary>
public sealed class JobStoreHealthCheck(ISchedulerFactory schedulers, ProcessRole process) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Not the check's token: the first call builds the scheduler (schema check under the store's locks, slow while
        // other processes start), and a probe giving up must not abort that half-way, again and again.
        var scheduler = await schedulers.GetScheduler(CancellationToken.None);
        var meta = await scheduler.GetMetadata(cancellationToken);
        if (!meta.JobStorePersistent) return HealthCheckResult.Unhealthy("the job store is not persistent");
        // An api process never starts its scheduler: it only writes jobs into the shared store.
        var ok = process.Role.RunsJobs() ? meta.Status == SchedulerStatus.Running : meta.Status != SchedulerStatus.Shutdown;
        return ok ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy($"scheduler {meta.Status}");
    }
}
