using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// Ends jobs of cancellable kinds (<see cref="JobPolicy.Cancellable"/>) before they finish. The job row is ended first
/// (so no worker starts or completes it afterwards); a handler running in this process is cancelled at once, one on
/// another worker within <see cref="WatchInterval"/> (its process watches the row).
/// </summary>
public sealed class JobCancellation(IServiceScopeFactory scopes, JobKindRegistry kinds, ILogger<JobCancellation> log)
{
    public static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    /// <summary>
    /// Ends the job as failed with <paramref name="failMessage"/> if it has not ended; true when this call ended it.
    /// </summary>
    public async Task<bool> CancelAsync(string jobId, string failMessage, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenClueDbContext>();
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, ct);
        if (job is null || JobStatus.IsTerminal(job.Status)) return false;
        if (!kinds.PolicyOf(job.Kind).Cancellable)
            throw new InvalidOperationException($"Jobs of kind {job.Kind} are not cancellable (JobPolicy.Cancellable).");
        var ended = await scope.ServiceProvider.GetRequiredService<JobLifecycle>().FinishAsync(job, JobStatus.Failed, failMessage,
            "The job was cancelled before it finished.");
        if (_running.TryGetValue(jobId, out var running)) running.Cancel();
        if (ended) log.LogInformation("Job {JobId} cancelled", jobId);
        return ended;
    }

    /// <summary>
    /// While the returned handle lives, <paramref name="cancel"/> is cancelled when the job is cancelled here or its row
    /// ends elsewhere.
    /// </summary>
    internal IAsyncDisposable Watch(string jobId, CancellationTokenSource cancel)
    {
        _running[jobId] = cancel;
        var stop = new CancellationTokenSource();
        var watching = WatchRowAsync(jobId, cancel, stop.Token);
        return new Handle(() =>
        {
            _running.TryRemove(new KeyValuePair<string, CancellationTokenSource>(jobId, cancel));
            stop.Cancel();
            return watching.ContinueWith(_ => stop.Dispose(), TaskScheduler.Default);
        });
    }

    private async Task WatchRowAsync(string jobId, CancellationTokenSource cancel, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && !cancel.IsCancellationRequested)
            {
                await Task.Delay(WatchInterval, stop);
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<OpenClueDbContext>();
                var status = await db.Jobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => j.Status).FirstOrDefaultAsync(stop);
                if (status is null || JobStatus.IsTerminal(status)) cancel.Cancel();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        catch (Exception ex) { log.LogWarning(ex, "Watching job {JobId} for cancellation failed", jobId); }
    }

    private sealed class Handle(Func<Task> dispose) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await dispose();
    }
}
