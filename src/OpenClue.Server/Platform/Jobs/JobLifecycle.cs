using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenClue.Modeling.Data;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Observability;
using OpenClue.Server.Platform.Persistence;
using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// The lifecycle rules every Quartz job of OpenClue applies (D11, D12): a job's timeout, its end as completed or
/// failed with a documented fail message, and running a piece of work so that neither an exception, a hang in
/// blocking I/O nor a shutdown can leave the job without an outcome.
/// </summary>
public sealed class JobLifecycle(OpenClueDbContext db, IOptions<OpenClueOptions> options, TimeProvider time, JobAdmission admission,
    JobKindRegistry kinds, JobCancellation cancellation, OpenClueMetrics metrics, IArtifactStore artifacts, ILogger<JobLifecycle> log)
{
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(5);

    public JobOptions Options => options.Value.Jobs;

    public JobPolicy PolicyOf(string kind) => kinds.PolicyOf(kind);

    /// <summary>Attempts a job of this kind gets before it fails (its policy's, else <c>Jobs:MaxAttempts</c>).</summary>
    public int MaxAttempts(string kind) => kinds.PolicyOf(kind).MaxAttempts ?? Options.MaxAttempts;

    /// <summary>The job if it still exists and has not ended.</summary>
    public async Task<JobRecord?> FindActiveAsync(string jobId, CancellationToken ct)
    {
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, ct);
        return job is null || JobStatus.IsTerminal(job.Status) ? null : job;
    }

    public TimeSpan Remaining(JobRecord job) => Options.Timeout - (time.GetUtcNow() - (job.StartedAt ?? time.GetUtcNow()));

    /// <summary>
    /// Runs <paramref name="work"/> under the job's timeout. True when it succeeded; false when it failed, in which
    /// case the job has been ended as failed. A shutdown rethrows after <paramref name="onHandBack"/>, so Quartz
    /// hands the job back for recovery. A job of a cancellable kind that is cancelled meanwhile stops with its token
    /// (false; <see cref="JobCancellation"/> has already ended it).
    /// </summary>
    public async Task<bool> RunAsync(JobRecord job, Func<CancellationToken, Task> work, CancellationToken shutdown, Func<Task>? onHandBack = null)
    {
        var remaining = Remaining(job);
        if (remaining <= TimeSpan.Zero)
        {
            log.LogError("Job {JobId} failed: it exceeded the {Timeout} timeout", job.Id, Options.Timeout);
            await FinishAsync(job, JobStatus.Failed, FailMessages.CommonError, TimedOut());
            return false;
        }
        using var timeout = new CancellationTokenSource(remaining);
        using var cancelled = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(shutdown, timeout.Token, cancelled.Token);
        using var waitStop = CancellationTokenSource.CreateLinkedTokenSource(shutdown, cancelled.Token);
        await using var watch = kinds.PolicyOf(job.Kind).Cancellable ? cancellation.Watch(job.Id, cancelled) : null;
        // Its own task, so that work stuck in blocking I/O, deaf to its token, cannot hold the job past the
        // timeout: after a grace period it is abandoned and the job fails.
        var task = Task.Run(() => work(linked.Token), CancellationToken.None);
        _ = task.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        try
        {
            await task.WaitAsync(remaining + AbandonGrace, waitStop.Token);
            return true;
        }
        catch (Exception) when (cancelled.IsCancellationRequested)
        {
            // Resumed inline in the canceller's Cancel() (a request, the watch): the wrap-up below and Quartz's
            // completion of the job continue on the thread pool instead of holding that caller.
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            log.LogInformation("Job {JobId} stopped: it was cancelled", job.Id);
            return false;
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested && !timeout.IsCancellationRequested)
        {
            if (onHandBack is not null) await onHandBack();
            log.LogInformation("Job {JobId} interrupted by shutdown; handed back", job.Id);
            throw;
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && timeout.IsCancellationRequested))
        {
            log.LogError("Job {JobId} failed: it exceeded the {Timeout} timeout", job.Id, Options.Timeout);
            await FinishAsync(job, JobStatus.Failed, FailMessages.CommonError, TimedOut());
        }
        catch (Exception ex) when (FailMessageOf(ex) is { } failMessage)
        {
            log.LogWarning("Job {JobId} failed with {FailMessage}: {Detail}", job.Id, failMessage, ex.Message);
            await FinishAsync(job, JobStatus.Failed, failMessage, FailDetailsOf(ex));
        }
        catch (Exception ex)
        {
            log.LogError(ex, "Job {JobId} failed unexpectedly", job.Id);
            await FinishAsync(job, JobStatus.Failed, FailMessages.CommonError, $"An internal error stopped the job; the server log has the cause under job {job.Id}.");
        }
        return false;
    }

    public static string? FailMessageOf(Exception ex) => ex switch
    {
        DatasetException d => d.FailMessage,
        StorageException s => s.FailMessage,
        JobFailedException j => j.FailMessage,
        _ => null,
    };

    /// <summary>The <c>fail_details</c> sentence of a documented failure.</summary>
    public static string FailDetailsOf(Exception ex) => ex switch
    {
        DatasetException d => d.Details,
        _ => Sentence(ex.Message),
    };

    private string TimedOut() => $"The job ran longer than the {Options.Timeout} limit (Jobs:Timeout) and was stopped.";

    private static string Sentence(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..].TrimEnd('.') + ".";

    /// <summary>
    /// Ends the job (first outcome wins across processes; true when this call ended it), records its metrics and admits
    /// waiting jobs.
    /// </summary>
    /// <param name="failDetails">Why, in a sentence for the tenant (<c>fail_details</c>); null when completed.</param>
    public async Task<bool> FinishAsync(JobRecord job, string status, string? failMessage, string? failDetails = null)
    {
        var now = time.GetUtcNow();
        var ended = await db.Jobs.Where(j => j.Id == job.Id && j.Status != JobStatus.Completed && j.Status != JobStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, status).SetProperty(j => j.FailMessage, failMessage)
                .SetProperty(j => j.FailDetails, failDetails).SetProperty(j => j.CompletedAt, now), CancellationToken.None);
        if (ended > 0) metrics.JobFinished(job.Kind, status, (now - (job.StartedAt ?? job.CreatedAt)).TotalSeconds);
        if (ended > 0 && status == JobStatus.Failed) await RemovePartialArtifactsAsync(job);
        admission.AdmitInBackground();
        return ended > 0;
    }

    /// <summary>A failed job's artifacts are of no use, and a crashed attempt may have left a temporary file behind.</summary>
    private async Task RemovePartialArtifactsAsync(JobRecord job)
    {
        if (kinds.PolicyOf(job.Kind).Artifacts is not { } artifactsOf) return;
        var key = artifactsOf(job.TenantId, job.Id);
        try
        {
            await artifacts.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.LogWarning("Job {JobId}: its partial artifacts could not be removed: {Reason}", job.Id, ex.Message);
        }
    }
}
