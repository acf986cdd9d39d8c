using Microsoft.EntityFrameworkCore;
using OpenClue.Modeling.Data;
using OpenClue.Server.Platform.Persistence;
using Quartz;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// The Quartz job that starts an OpenClue job: pending → in_progress (one attempt), then the handler of its kind.
/// A handler either finishes the work (the job completes) or fans it out into shards (<see cref="ShardJob"/>),
/// in which case the job stays in progress until <see cref="FinishShardsJob"/> ends it.
/// </summary>
[DisallowConcurrentExecution]
public sealed class LifecycleJob(OpenClueDbContext db, IServiceProvider services, JobLifecycle lifecycle, CrashRecovery crashes,
    TimeProvider time, ILogger<LifecycleJob> log) : IJob
{
    public const string JobIdKey = "job_id";
    public const string KindKey = "kind";
    public const string TraceParentKey = "traceparent";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var jobId = context.MergedJobDataMap.GetString(JobIdKey)!;
        var kind = context.MergedJobDataMap.GetString(KindKey)!;
        using var scope = log.BeginScope("Job:{JobId} Kind:{JobKind}", jobId, kind);
        var job = await lifecycle.FindActiveAsync(jobId, cancellationToken);
        if (job is null) return; // deleted, or ended by an earlier attempt
        using var activity = StartSpan(context, jobId, kind, job.TenantId);

        var attempt = job.Attempts + 1;
        if (job.Attempts > 0 && !lifecycle.PolicyOf(kind).RetryAfterCrash)
        {
            log.LogError("Job {JobId} failed: its process stopped during attempt {Attempt} and jobs of kind {Kind} are not retried", jobId,
                job.Attempts, kind);
            await lifecycle.FinishAsync(job, JobStatus.Failed, FailMessages.CommonError,
                "The server stopped while the job ran, and jobs of this kind are not restarted; create it again.");
            return;
        }
        if (attempt > lifecycle.MaxAttempts(kind))
        {
            log.LogError("Job {JobId} failed: it crashed the worker {Attempts} times", jobId, job.Attempts);
            await lifecycle.FinishAsync(job, JobStatus.Failed, FailMessages.CommonError, CrashRecovery.CrashedDetails("The job", job.Attempts));
            return;
        }
        // Every attempt so far ended with its process (an attempt that ends otherwise ends the job, a shutdown hands it back).
        using var lease = await crashes.TryStartAsync(context, $"Job {jobId}", job.Attempts, cancellationToken);
        if (lease is null) return; // put back for later
        var started = job.StartedAt ?? time.GetUtcNow();
        var claimed = await db.Jobs
            .Where(j => j.Id == jobId && (j.Status == JobStatus.Pending || j.Status == JobStatus.InProgress) && j.Attempts == job.Attempts)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.InProgress)
                .SetProperty(j => j.StartedAt, started).SetProperty(j => j.Attempts, attempt), cancellationToken);
        if (claimed == 0) return; // another execution claimed this attempt
        var previousAttempts = job.Attempts;
        job.StartedAt = started;
        job.Attempts = attempt;
        log.LogInformation("Job {JobId} ({Kind}) attempt {Attempt} started{Recovering}", jobId, kind, attempt,
            previousAttempts > 0 ? " (recovering after a crash)" : "");

        var handler = services.GetKeyedService<IJobHandler>(kind);
        if (handler is null)
        {
            log.LogError("Job {JobId} failed: this server has no handler for jobs of kind {Kind}", jobId, kind);
            await lifecycle.FinishAsync(job, JobStatus.Failed, FailMessages.CommonError, $"No worker of this deployment runs jobs of kind {kind}.");
            return;
        }
        var outcome = JobOutcome.Completed;
        var succeeded = await lifecycle.RunAsync(job, async ct => outcome = await handler.RunAsync(jobId, ct), cancellationToken,
            onHandBack: () => db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.InProgress) // a shutdown spends no attempt
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Attempts, previousAttempts), CancellationToken.None));
        if (succeeded && outcome == JobOutcome.Completed) await lifecycle.FinishAsync(job, JobStatus.Completed, null);
        activity?.SetTag("openclue.job.outcome", succeeded ? outcome.ToString() : "not finished");
    }

    /// <summary>One span per job execution, a new trace linked to the span that scheduled the job.</summary>
    private static System.Diagnostics.Activity? StartSpan(IJobExecutionContext context, string jobId, string kind, string tenant)
    {
        var links = System.Diagnostics.ActivityContext.TryParse(context.MergedJobDataMap.GetString(TraceParentKey), null, out var scheduledBy)
            ? new[] { new System.Diagnostics.ActivityLink(scheduledBy) }
            : null;
        var activity = Observability.OpenClueTelemetry.Jobs.StartActivity(System.Diagnostics.ActivityKind.Internal, parentContext: default,
            tags: [new(Observability.OpenClueTelemetry.JobIdTag, jobId), new(Observability.OpenClueTelemetry.JobKindTag, kind),
                new(Observability.OpenClueTelemetry.TenantTag, tenant)],
            links: links, name: $"job {kind}");
        return activity;
    }
}
