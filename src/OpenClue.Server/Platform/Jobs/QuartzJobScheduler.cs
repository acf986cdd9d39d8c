using Quartz;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// Puts work into Quartz's persistent store: one Quartz job per OpenClue job id, one per shard, and one finishing
/// job per sharded job. Every one requests recovery, so work in flight on a crashed process is re-run, never dropped.
/// </summary>
public sealed class QuartzJobScheduler(ISchedulerFactory factory)
{
    public const string ShardGroup = "shard";
    public const string FinishGroup = "finish";

    public static JobKey KeyOf(string jobId, string kind) => new(jobId, kind);
    public static JobKey ShardKeyOf(string jobId, int index) => new($"{jobId}#{index}", ShardGroup);
    public static JobKey FinishKeyOf(string jobId) => new(jobId, FinishGroup);

    public Task ScheduleAsync(string jobId, string kind, CancellationToken ct) =>
        AddAsync<LifecycleJob>(KeyOf(jobId, kind), jobId, kind, null, ct);

    public Task ScheduleShardAsync(string jobId, string kind, int index, CancellationToken ct) =>
        AddAsync<ShardJob>(ShardKeyOf(jobId, index), jobId, kind, index, ct);

    public Task ScheduleFinishAsync(string jobId, string kind, CancellationToken ct) =>
        AddAsync<FinishShardsJob>(FinishKeyOf(jobId), jobId, kind, null, ct);

    private async Task AddAsync<T>(JobKey key, string jobId, string kind, int? shard, CancellationToken ct) where T : IJob
    {
        var scheduler = await factory.GetScheduler(ct);
        if (await scheduler.Exists(key, ct)) return;
        var builder = JobBuilder.Create<T>().WithIdentity(key)
            .UsingJobData(LifecycleJob.JobIdKey, jobId)
            .UsingJobData(LifecycleJob.KindKey, kind)
            .RequestRecovery();
        if (shard is { } index) builder = builder.UsingJobData(ShardJob.ShardKey, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The job's span links to the span that scheduled it (the creating request, when admitted at once).
        if (System.Diagnostics.Activity.Current?.Id is { } traceParent) builder = builder.UsingJobData(LifecycleJob.TraceParentKey, traceParent);
        var trigger = TriggerBuilder.Create().WithIdentity(key.Name, key.Group).StartNow().Build();
        try
        {
            await scheduler.ScheduleJob(builder.Build(), trigger, cancellationToken: ct);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Scheduled concurrently by the reconciler or another process: one is enough.
        }
    }

    /// <summary>True when any Quartz job of this OpenClue job (its start, a shard, its finish) is still stored.</summary>
    public async Task<bool> AnyWorkExistsAsync(string jobId, string kind, int shardCount, CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        if (await scheduler.Exists(KeyOf(jobId, kind), ct) || await scheduler.Exists(FinishKeyOf(jobId), ct)) return true;
        for (var i = 0; i < shardCount; i++)
            if (await scheduler.Exists(ShardKeyOf(jobId, i), ct)) return true;
        return false;
    }
}
