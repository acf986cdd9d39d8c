using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OpenClue.Modeling.Data;
using OpenClue.Server.Platform.Persistence;
using Quartz;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// Runs one shard of a fanned-out job on whichever worker picks it up, records which worker did it, and when the
/// last shard completes schedules the finishing step. A shard that keeps crashing its worker fails the job.
/// </summary>
[DisallowConcurrentExecution]
public sealed class ShardJob(OpenClueDbContext db, IServiceProvider services, JobLifecycle lifecycle, QuartzJobScheduler scheduler,
    JobProgress progress, TimeProvider time, ILogger<ShardJob> log) : IJob
{
    public const string ShardKey = "shard";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var jobId = context.MergedJobDataMap.GetString(LifecycleJob.JobIdKey)!;
        var kind = context.MergedJobDataMap.GetString(LifecycleJob.KindKey)!;
        var index = int.Parse(context.MergedJobDataMap.GetString(ShardKey)!, CultureInfo.InvariantCulture);
        using var scope = log.BeginScope("Job:{JobId} Kind:{JobKind} Shard:{Shard}", jobId, kind, index);
        var job = await lifecycle.FindActiveAsync(jobId, cancellationToken);
        if (job is null) return;
        var shard = await db.Shards.AsNoTracking().FirstOrDefaultAsync(s => s.JobId == jobId && s.ShardIndex == index, cancellationToken);
        if (shard is null || shard.Status == JobStatus.Completed) return;
        if (shard.Attempts + 1 > lifecycle.MaxAttempts(kind) || (shard.Attempts > 0 && !lifecycle.PolicyOf(kind).RetryAfterCrash))
        {
            log.LogError("Job {JobId} failed: shard {Shard} did not finish in {Attempts} attempts", jobId, index, shard.Attempts);
            await lifecycle.FinishAsync(job, JobStatus.Failed, FailMessages.CommonError,
                $"Part {index} of the job ({shard.SourceKey}) did not finish in {shard.Attempts} attempts; the server stopped each time.");
            return;
        }
        var worker = context.Scheduler.SchedulerInstanceId;
        var claimed = await db.Shards.Where(s => s.JobId == jobId && s.ShardIndex == index && s.Attempts == shard.Attempts && s.Status != JobStatus.Completed)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, JobStatus.InProgress).SetProperty(x => x.Worker, worker)
                .SetProperty(x => x.Attempts, shard.Attempts + 1).SetProperty(x => x.StartedAt, time.GetUtcNow()), cancellationToken);
        if (claimed == 0) return;
        log.LogInformation("Shard {Shard} of job {JobId} started on {Worker}{Recovering}", index, jobId, worker,
            context.Recovering ? " (recovering after a crash)" : "");

        var handler = (IShardedJobHandler)services.GetRequiredKeyedService<IJobHandler>(kind);
        ShardOutput output = default;
        var succeeded = await lifecycle.RunAsync(job, async ct => output = await handler.RunShardAsync(jobId, shard, ct), cancellationToken,
            onHandBack: () => db.Shards.Where(s => s.JobId == jobId && s.ShardIndex == index)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Attempts, shard.Attempts), CancellationToken.None));
        if (!succeeded) return;
        await db.Shards.Where(s => s.JobId == jobId && s.ShardIndex == index)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, JobStatus.Completed).SetProperty(x => x.UserCount, output.Users)
                .SetProperty(x => x.TokenCount, output.Tokens).SetProperty(x => x.OutputBytes, output.Bytes).SetProperty(x => x.CompletedAt, time.GetUtcNow()), CancellationToken.None);
        await progress.ShardsChangedAsync(jobId, CancellationToken.None);
        if (!await db.Shards.AnyAsync(s => s.JobId == jobId && s.Status != JobStatus.Completed, CancellationToken.None))
            await scheduler.ScheduleFinishAsync(jobId, kind, CancellationToken.None); // idempotent by key: the last shards may race
    }
}
