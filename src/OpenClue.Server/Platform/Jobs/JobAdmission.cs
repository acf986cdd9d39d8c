using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// Moves registered jobs to pending (D11, D12): oldest first, at most <c>Jobs:PerTenant</c> active per tenant.
/// The registered→pending step is a conditional update, so two processes never admit the same job twice.
/// </summary>
public sealed class JobAdmission(IServiceScopeFactory scopes, QuartzJobScheduler scheduler, IOptions<OpenClueOptions> options,
    ILogger<JobAdmission> log)
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
            var perTenant = Math.Max(1, options.Value.Jobs.PerTenant);
            var active = await db.Jobs.AsNoTracking()
                .Where(j => j.Status == JobStatus.Pending || j.Status == JobStatus.InProgress)
                .GroupBy(j => j.TenantId).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            foreach (var job in waiting)
            {
                var running = active.GetValueOrDefault(job.TenantId);
                if (running >= perTenant) continue;
                var admitted = await db.Jobs.Where(j => j.Id == job.Id && j.Status == JobStatus.Registered)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Pending), ct);
                if (admitted == 0) continue;
                active[job.TenantId] = running + 1;
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
