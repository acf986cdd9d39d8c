using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenClue.Modeling.Data;
using OpenClue.Server.Hosting;
using OpenClue.Server.Observability;
using OpenClue.Server.Persistence;
using OpenClue.Server.Storage;
using Quartz;

namespace OpenClue.Server.Jobs;

/// <summary>
/// The one Quartz job type: drives an OpenClue job through pending → in_progress → completed | failed (D11, D12)
/// and delegates the work to the <see cref="IJobHandler"/> of its kind. Attempts and the timeout are enforced
/// here, so a job that keeps crashing its process, or runs too long, ends failed with COMMON_ERROR.
/// </summary>
[DisallowConcurrentExecution]
public sealed class LifecycleJob(
    OpenClueDbContext db, IEnumerable<IJobHandler> handlers, IOptions<OpenClueOptions> options, TimeProvider time,
    JobAdmission admission, MetricsRegistry metrics, ILogger<LifecycleJob> log) : IJob
{
    public const string JobIdKey = "job_id";
    public const string KindKey = "kind";
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(5);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var jobId = context.MergedJobDataMap.GetString(JobIdKey)!;
        var kind = context.MergedJobDataMap.GetString(KindKey)!;
        using var scope = log.BeginScope("Job:{JobId} Kind:{JobKind}", jobId, kind);
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null || JobStatus.IsTerminal(job.Status)) return; // deleted, or finished by an earlier attempt

        var opts = options.Value.Jobs;
        var now = time.GetUtcNow();
        var attempt = job.Attempts + 1;
        if (attempt > opts.MaxAttempts)
        {
            log.LogError("Job {JobId} failed: {Attempts} attempts did not finish it", jobId, job.Attempts);
            await FinishAsync(job, JobStatus.Failed, FailMessages.CommonError);
            return;
        }
        var started = job.StartedAt ?? now;
        var remaining = opts.Timeout - (now - started);
        if (remaining <= TimeSpan.Zero)
        {
            log.LogError("Job {JobId} failed: it exceeded the {Timeout} timeout", jobId, opts.Timeout);
            await FinishAsync(job, JobStatus.Failed, FailMessages.CommonError);
            return;
        }
        var claimed = await db.Jobs
            .Where(j => j.Id == jobId && (j.Status == JobStatus.Pending || j.Status == JobStatus.InProgress) && j.Attempts == job.Attempts)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.InProgress)
                .SetProperty(j => j.StartedAt, started).SetProperty(j => j.Attempts, attempt), cancellationToken);
        if (claimed == 0) return; // another execution claimed this attempt
        job.StartedAt = started;
        log.LogInformation("Job {JobId} ({Kind}) attempt {Attempt} started{Recovering}", jobId, kind, attempt,
            context.Recovering ? " (recovering after a crash)" : "");

        var handler = handlers.First(h => h.Kind == kind);
        using var timeout = new CancellationTokenSource(remaining);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        // The handler runs on its own task so that one stuck in blocking I/O, deaf to its token, still cannot
        // hold the job past the timeout: after a grace period it is abandoned and the job fails.
        var work = Task.Run(() => handler.RunAsync(jobId, linked.Token), CancellationToken.None);
        _ = work.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        try
        {
            await work.WaitAsync(remaining + AbandonGrace, cancellationToken);
            await FinishAsync(job, JobStatus.Completed, null);
        }
        catch (TimeoutException)
        {
            log.LogError("Job {JobId} failed: it exceeded the {Timeout} timeout and did not stop; abandoned", jobId, opts.Timeout);
            await FinishAsync(job, JobStatus.Failed, FailMessages.CommonError);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !timeout.IsCancellationRequested)
        {
            // Shutdown: hand the job back for recovery without spending an attempt.
            await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.InProgress)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Attempts, job.Attempts), CancellationToken.None);
            log.LogInformation("Job {JobId} interrupted by shutdown; handed back", jobId);
            throw;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            log.LogError("Job {JobId} failed: it exceeded the {Timeout} timeout", jobId, opts.Timeout);
            await FinishAsync(job, JobStatus.Failed, FailMessages.CommonError);
        }
        catch (Exception ex) when (FailMessageOf(ex) is { } failMessage)
        {
            log.LogWarning("Job {JobId} failed with {FailMessage}: {Detail}", jobId, failMessage, ex.Message);
            await FinishAsync(job, JobStatus.Failed, failMessage);
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Job {JobId} failed unexpectedly", jobId);
            await FinishAsync(job, JobStatus.Failed, FailMessages.CommonError);
        }
    }

    private static string? FailMessageOf(Exception ex) => ex switch
    {
        DatasetException d => d.FailMessage,
        StorageException s => s.FailMessage,
        JobFailedException j => j.FailMessage,
        _ => null,
    };

    private async Task FinishAsync(JobRecord job, string status, string? failMessage)
    {
        var now = time.GetUtcNow();
        await db.Jobs.Where(j => j.Id == job.Id && j.Status != JobStatus.Completed && j.Status != JobStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, status).SetProperty(j => j.FailMessage, failMessage)
                .SetProperty(j => j.CompletedAt, now), CancellationToken.None);
        metrics.JobFinished(job.Kind, status, (now - (job.StartedAt ?? job.CreatedAt)).TotalSeconds);
        admission.AdmitInBackground();
    }
}
