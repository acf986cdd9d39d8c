using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// Keeps the metadata database and Quartz's store in agreement: at start and then periodically, every admitted
/// job (pending or in_progress) must have its Quartz job, else it is scheduled again (its run is idempotent and
/// <see cref="LifecycleJob"/> counts the attempt); registered jobs are admitted when capacity frees up.
/// This is what guarantees that a crash between two steps never leaves a job stuck.
/// </summary>
public sealed class JobReconciler(IServiceScopeFactory scopes, QuartzJobScheduler scheduler, JobAdmission admission,
    ILogger<JobReconciler> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var round = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (round++ % 12 == 0) await RescheduleOrphansAsync(stoppingToken);
                await admission.AdmitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex) { log.LogWarning(ex, "Job reconciliation failed; retrying in {Interval}", Interval); }
            try { await Task.Delay(Interval, stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }

    public async Task RescheduleOrphansAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenClueDbContext>();
        var admitted = await db.Jobs.AsNoTracking()
            .Where(j => j.Status == JobStatus.Pending || j.Status == JobStatus.InProgress)
            .Select(j => new { j.Id, j.Kind, j.Status, Shards = db.Shards.Count(s => s.JobId == j.Id) }).ToListAsync(ct);
        foreach (var job in admitted)
        {
            // A fanned-out job is alive while any of its Quartz jobs (start, shards, finish) is stored; when none is,
            // the start job runs again and re-schedules whatever shards are not done.
            if (await scheduler.AnyWorkExistsAsync(job.Id, job.Kind, job.Shards, ct)) continue;
            log.LogWarning("Job {JobId} was {Status} with nothing scheduled; scheduling it again", job.Id, job.Status);
            await scheduler.ScheduleAsync(job.Id, job.Kind, ct);
        }
    }
}
