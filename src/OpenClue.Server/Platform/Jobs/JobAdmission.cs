using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// Moves registered jobs to pending (D11, D12): oldest first, at most <c>Jobs:PerTenant</c> active per tenant and at
/// most the cap of each kind's admission queue (<see cref="JobPolicy.Queue"/>); a job over a cap waits without holding
/// back the jobs of other tenants or queues behind it.
/// The registered→pending step is a conditional update, so two processes never admit the same job twice.
/// </summary>
public sealed class JobAdmission(IServiceScopeFactory scopes, QuartzJobScheduler scheduler, IOptions<OpenClueOptions> options,
    JobKindRegistry kinds, ILogger<JobAdmission> log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task AdmitAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OpenClueDbContext>();
            var waiting = await db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Registered)
                .OrderBy(j => j.Seq).Take(500).Select(j => new { j.Id, j.TenantId, j.Kind }).ToListAsync(ct);
            if (waiting.Count == 0) return;
            var workers = Math.Max(1, options.Value.Worker.Concurrency);
            var perTenant = Math.Max(1, options.Value.Jobs.PerTenant ?? workers - 1); // unset: a worker kept for other tenants
            var activeRows = await db.Jobs.AsNoTracking()
                .Where(j => j.Status == JobStatus.Pending || j.Status == JobStatus.InProgress)
                .GroupBy(j => new { j.TenantId, j.Kind }).Select(g => new { g.Key.TenantId, g.Key.Kind, Count = g.Count() })
                .ToListAsync(ct);
            var active = new Dictionary<string, int>(StringComparer.Ordinal);
            var activeInQueue = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var row in activeRows)
            {
                active[row.TenantId] = active.GetValueOrDefault(row.TenantId) + row.Count;
                var queue = kinds.PolicyOf(row.Kind).Queue;
                activeInQueue[queue] = activeInQueue.GetValueOrDefault(queue) + row.Count;
            }
            foreach (var job in waiting)
            {
                var running = active.GetValueOrDefault(job.TenantId);
                if (running >= perTenant) continue;
                var queue = kinds.PolicyOf(job.Kind).Queue;
                var queued = activeInQueue.GetValueOrDefault(queue);
                if (queued >= options.Value.Jobs.QueueCap(queue, workers)) continue;
                var admitted = await db.Jobs.Where(j => j.Id == job.Id && j.Status == JobStatus.Registered)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Pending), ct);
                if (admitted == 0) continue;
                active[job.TenantId] = running + 1;
                activeInQueue[queue] = queued + 1;
                await scheduler.ScheduleAsync(job.Id, job.Kind, ct);
                log.LogInformation("Admitted {Kind} job {JobId} of tenant {Tenant}", job.Kind, job.Id, job.TenantId);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Admission off the request path: errors are logged, the periodic reconciler retries.</summary>
    public void AdmitInBackground() => _ = Task.Run(async () =>
    {
        try { await AdmitAsync(); }
        catch (Exception ex) { log.LogWarning(ex, "Job admission failed; it will be retried"); }
    });
}
