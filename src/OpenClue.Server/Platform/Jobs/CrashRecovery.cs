using System.Globalization;
using Microsoft.Extensions.Options;
using OpenClue.Server.Platform.Hosting;
using Quartz;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// Contains poison jobs (issue 11). A job (or shard) whose last attempt ended with its process waits a back-off before
/// its next attempt (<c>Jobs:CrashBackoff</c>, doubled per crash up to <c>Jobs:CrashBackoffMax</c>), and that attempt
/// runs alone in its process. Which job killed a process is unknowable, but a crash during a lone attempt is that
/// job's own: jobs that were merely in flight beside a crash get their next attempt alone, so they spend attempts only
/// on their own crashes, and a poison job exhausts its attempts without taking others' with it.
/// Waiting, for the back-off or for the process to drain, holds no worker: the Quartz job is put back with a trigger
/// for later (persistent, so it survives a restart) and other jobs keep running meanwhile.
/// </summary>
public sealed class CrashRecovery(IOptions<OpenClueOptions> options, TimeProvider time, ILogger<CrashRecovery> log)
{
    /// <summary>Trigger data: the crash count whose back-off has been waited out.</summary>
    public const string BackoffServedKey = "crash_backoff_served";

    /// <summary>How soon an attempt kept out (by a lone attempt, or waiting for one) tries again.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private int _running;
    private bool _alone;
    private DateTimeOffset _drainUntil;

    /// <summary>The wait before the attempt after the <paramref name="crashes"/>th crash.</summary>
    public TimeSpan BackoffAfter(int crashes)
    {
        var jobs = options.Value.Jobs;
        if (crashes < 1 || jobs.CrashBackoff <= TimeSpan.Zero) return TimeSpan.Zero;
        var doubled = jobs.CrashBackoff.Ticks * Math.Pow(2, Math.Min(crashes - 1, 30));
        return doubled >= jobs.CrashBackoffMax.Ticks ? jobs.CrashBackoffMax : TimeSpan.FromTicks((long)doubled);
    }

    /// <summary>The <c>fail_details</c> of a job that used up its attempts by crashing the worker.</summary>
    public static string CrashedDetails(string subject, int crashes) =>
        $"{subject} crashed the worker {crashes} {(crashes == 1 ? "time" : "times")}: the server process stopped during each of its attempts " +
        "(Jobs:MaxAttempts). Create the job again.";

    /// <summary>
    /// Starts an attempt of a job (or shard) whose last <paramref name="crashes"/> attempts ended with their process
    /// (0 for a first attempt): a lease to dispose when the attempt ends, or null when it must wait, in which case its
    /// Quartz job has been put back for later.
    /// </summary>
    public async Task<IDisposable?> TryStartAsync(IJobExecutionContext context, string what, int crashes, CancellationToken ct)
    {
        var served = crashes.ToString(CultureInfo.InvariantCulture);
        if (crashes > 0 && context.MergedJobDataMap.GetString(BackoffServedKey) != served)
        {
            var delay = BackoffAfter(crashes);
            log.LogWarning("{What} crashed the worker {Crashes} time(s); its next attempt waits {Delay}, then runs alone in its process",
                what, crashes, delay);
            await RunLaterAsync(context, delay, served, ct);
            return null;
        }
        if (TryEnter(alone: crashes > 0))
        {
            if (crashes > 0) log.LogInformation("{What} runs alone in this process after {Crashes} crash(es)", what, crashes);
            return new Lease(this);
        }
        log.LogDebug("{What} waits: {Reason}", what, crashes > 0 ? "jobs are running in this process" : "a job after a crash runs alone here");
        await RunLaterAsync(context, RetryInterval, crashes > 0 ? served : null, ct);
        return null;
    }

    private bool TryEnter(bool alone)
    {
        lock (_gate)
        {
            if (alone)
            {
                if (_running > 0)
                {
                    _drainUntil = time.GetUtcNow() + 3 * RetryInterval; // start nothing new until it has had its turn
                    return false;
                }
                _alone = true;
                _drainUntil = default;
            }
            else if (_alone || time.GetUtcNow() < _drainUntil)
            {
                return false;
            }
            _running++;
            return true;
        }
    }

    private void Exit()
    {
        lock (_gate)
        {
            if (--_running == 0) _alone = false;
        }
    }

    private async Task RunLaterAsync(IJobExecutionContext context, TimeSpan delay, string? backoffServed, CancellationToken ct)
    {
        var trigger = TriggerBuilder.Create().ForJob(context.JobDetail.Key).StartAt(time.GetUtcNow() + delay);
        if (backoffServed is not null) trigger = trigger.UsingJobData(BackoffServedKey, backoffServed);
        await context.Scheduler.ScheduleJob(trigger.Build(), cancellationToken: ct); // the job outlives its current trigger: it has this one
    }

    private sealed class Lease(CrashRecovery owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Exit();
        }
    }
}
