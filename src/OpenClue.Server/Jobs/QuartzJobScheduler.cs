using Quartz;

namespace OpenClue.Server.Jobs;

/// <summary>Puts admitted jobs into Quartz's persistent store, one Quartz job per OpenClue job id.</summary>
public sealed class QuartzJobScheduler(ISchedulerFactory factory)
{
    public static JobKey KeyOf(string jobId, string kind) => new(jobId, kind);

    public async Task ScheduleAsync(string jobId, string kind, CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        var key = KeyOf(jobId, kind);
        if (await scheduler.Exists(key, ct)) return;
        var job = JobBuilder.Create<LifecycleJob>()
            .WithIdentity(key)
            .UsingJobData(LifecycleJob.JobIdKey, jobId)
            .UsingJobData(LifecycleJob.KindKey, kind)
            .RequestRecovery() // a job in flight on a crashed process is re-run, never dropped
            .Build();
        var trigger = TriggerBuilder.Create().WithIdentity(jobId, kind).StartNow().Build();
        try
        {
            await scheduler.ScheduleJob(job, trigger, cancellationToken: ct);
        }
        catch (ObjectAlreadyExistsException)
        {
            // Scheduled concurrently by the reconciler or another process: one is enough.
        }
    }

    public async Task<bool> ExistsAsync(string jobId, string kind, CancellationToken ct) =>
        await (await factory.GetScheduler(ct)).Exists(KeyOf(jobId, kind), ct);
}
