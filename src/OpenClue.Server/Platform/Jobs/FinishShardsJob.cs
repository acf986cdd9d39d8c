using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Platform.Persistence;
using Quartz;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>Combines the shards of a fanned-out job (by its handler) and completes the job.</summary>
[DisallowConcurrentExecution]
public sealed class FinishShardsJob(OpenClueDbContext db, IServiceProvider services, JobLifecycle lifecycle, CrashRecovery crashes,
    ILogger<FinishShardsJob> log) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var jobId = context.MergedJobDataMap.GetString(LifecycleJob.JobIdKey)!;
        var kind = context.MergedJobDataMap.GetString(LifecycleJob.KindKey)!;
        using var scope = log.BeginScope("Job:{JobId} Kind:{JobKind} Finish", jobId, kind);
        var job = await lifecycle.FindActiveAsync(jobId, cancellationToken);
        if (job is null) return;
        var shards = await db.Shards.AsNoTracking().Where(s => s.JobId == jobId).OrderBy(s => s.ShardIndex).ToListAsync(cancellationToken);
        if (shards.Count == 0 || shards.Any(s => s.Status != JobStatus.Completed)) return; // a shard still runs; it reschedules us
        using var lease = await crashes.TryStartAsync(context, $"Finishing job {jobId}", 0, cancellationToken);
        if (lease is null) return; // a job after a crash runs alone in this process; put back for later
        var handler = (IShardedJobHandler)services.GetRequiredKeyedService<IJobHandler>(kind);
        if (await lifecycle.RunAsync(job, ct => handler.FinishAsync(jobId, shards, ct), cancellationToken))
            await lifecycle.FinishAsync(job, JobStatus.Completed, null);
    }
}
