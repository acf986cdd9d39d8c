using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenClue.Modeling.Data;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Jobs;

/// <summary>
/// The job policy a kind declares with its handler, through the real engine (admission, Quartz, LifecycleJob): queue
/// caps, cancellation reaching the running handler, and what happens to a job whose process died mid-run.
/// </summary>
public sealed class JobPolicyTests
{
    private const string Long = "test_long";
    private const string Short = "test_short";
    private const string Fragile = "test_fragile";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static OpenClueHost Start(Action<IServiceCollection>? more = null) => OpenClueHost.Start(
        settings: new Dictionary<string, string?>
        {
            ["OpenClue:Jobs:PerTenant"] = "10", ["OpenClue:Jobs:Queues:test_queue"] = "1", ["OpenClue:Jobs:CrashBackoff"] = "00:00:01",
            ["OpenClue:Worker:Concurrency"] = "4",
        },
        services: s =>
        {
            s.AddSingleton<BlockingJob.Probe>();
            s.AddJobKind<BlockingJob>(Long, new JobPolicy { Queue = "test_queue", Cancellable = true });
            s.AddJobKind<BlockingJob>(Short, new JobPolicy { Cancellable = true });
            s.AddJobKind<BlockingJob>(Fragile, new JobPolicy { RetryAfterCrash = false });
            more?.Invoke(s);
        });

    [Fact]
    public async Task A_capped_queue_holds_its_second_job_without_holding_back_other_kinds_and_cancelling_frees_it()
    {
        await using var host = Start();
        var probe = host.Services.GetRequiredService<BlockingJob.Probe>();
        var first = await AddJobAsync(host, Long);
        var second = await AddJobAsync(host, Long);
        var other = await AddJobAsync(host, Short);
        await host.Services.GetRequiredService<JobAdmission>().AdmitAsync();

        await probe.StartedOf(first).Task.WaitAsync(Patience);
        await probe.StartedOf(other).Task.WaitAsync(Patience);
        Assert.Equal(JobStatus.Registered, (await JobAsync(host, second)).Status);

        var cancellation = host.Services.GetRequiredService<JobCancellation>();
        Assert.True(await cancellation.CancelAsync(first, FailMessages.CommonError, default));
        await probe.CancelledOf(first).Task.WaitAsync(Patience);
        var cancelled = await JobAsync(host, first);
        Assert.Equal(JobStatus.Failed, cancelled.Status);
        Assert.Equal(FailMessages.CommonError, cancelled.FailMessage);

        await probe.StartedOf(second).Task.WaitAsync(Patience); // the queue's slot is free again
        Assert.False(await cancellation.CancelAsync(first, FailMessages.CommonError, default)); // already ended
        Assert.True(await cancellation.CancelAsync(second, FailMessages.CommonError, default));
        Assert.True(await cancellation.CancelAsync(other, FailMessages.CommonError, default));
        await probe.CancelledOf(other).Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task Cancelling_a_job_neither_waits_for_the_engines_wrap_up_nor_holds_the_handler_behind_it()
    {
        // The engine's wrap-up after a cancellation (here its log line, held as a slow console or a busy database
        // would hold it) ran inline in the cancelling call; it must hold neither that call nor the handler.
        var wrapUp = new HeldLogLine(typeof(JobLifecycle).FullName!, "stopped: it was cancelled", TimeSpan.FromSeconds(20));
        await using var host = Start(s => s.AddSingleton<ILoggerProvider>(wrapUp));
        var probe = host.Services.GetRequiredService<BlockingJob.Probe>();
        var job = await AddJobAsync(host, Short);
        await host.Services.GetRequiredService<JobAdmission>().AdmitAsync();
        await probe.StartedOf(job).Task.WaitAsync(Patience);

        var cancelling = host.Services.GetRequiredService<JobCancellation>().CancelAsync(job, FailMessages.CommonError, default);
        Assert.True(await cancelling.WaitAsync(Patience));
        await probe.CancelledOf(job).Task.WaitAsync(Patience);
        Assert.False(wrapUp.Released, "the cancelling call waited for the engine's wrap-up");
        wrapUp.Release();
        Assert.Equal(JobStatus.Failed, (await WaitForEndAsync(host, job)).Status);
    }

    [Fact]
    public async Task A_job_of_a_kind_not_retried_after_a_crash_fails_instead_of_running_again()
    {
        await using var host = Start();
        var probe = host.Services.GetRequiredService<BlockingJob.Probe>();
        // As a killed process leaves it: in progress, one attempt spent, nothing scheduled.
        var crashed = await AddJobAsync(host, Fragile, JobStatus.InProgress, attempts: 1);
        await host.Services.GetRequiredService<QuartzJobScheduler>().ScheduleAsync(crashed, Fragile, default);

        var job = await WaitForEndAsync(host, crashed);
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(FailMessages.CommonError, job.FailMessage);
        Assert.False(probe.Started.ContainsKey(crashed));
    }

    [Fact]
    public async Task Jobs_whose_process_died_are_re_run_one_at_a_time_and_nothing_starts_beside_them()
    {
        await using var host = Start();
        var probe = host.Services.GetRequiredService<BlockingJob.Probe>();
        var scheduler = host.Services.GetRequiredService<QuartzJobScheduler>();
        var crashed = new[] { await AddJobAsync(host, Short, JobStatus.InProgress, attempts: 1), await AddJobAsync(host, Short, JobStatus.InProgress, attempts: 1) };
        foreach (var id in crashed) await scheduler.ScheduleAsync(id, Short, default);

        await Task.WhenAny(crashed.Select(id => probe.StartedOf(id).Task)).WaitAsync(Patience);
        var alone = crashed.Single(id => probe.Started[id].Task.IsCompleted);
        var waiting = crashed.Single(id => id != alone);
        Assert.Equal(2, (await JobAsync(host, alone)).Attempts);
        var fresh = await AddJobAsync(host, Short);
        await host.Services.GetRequiredService<JobAdmission>().AdmitAsync();
        await Task.Delay(TimeSpan.FromSeconds(4)); // both try again every 2 s meanwhile
        Assert.False(probe.Started.TryGetValue(waiting, out var w) && w.Task.IsCompleted, "a second crashed job ran beside the first");
        Assert.False(probe.Started.TryGetValue(fresh, out var f) && f.Task.IsCompleted, "a job started beside a crashed job's lone re-run");
        Assert.Equal(1, (await JobAsync(host, waiting)).Attempts); // waiting costs no attempt

        var cancellation = host.Services.GetRequiredService<JobCancellation>();
        Assert.True(await cancellation.CancelAsync(alone, FailMessages.CommonError, default));
        await probe.StartedOf(waiting).Task.WaitAsync(Patience);
        Assert.True(await cancellation.CancelAsync(waiting, FailMessages.CommonError, default));
        await probe.StartedOf(fresh).Task.WaitAsync(Patience);
        Assert.True(await cancellation.CancelAsync(fresh, FailMessages.CommonError, default));
    }

    [Fact]
    public void The_crash_back_off_doubles_per_crash_up_to_its_cap()
    {
        var options = Microsoft.Extensions.Options.Options.Create(new OpenClue.Server.Platform.Hosting.OpenClueOptions
        {
            Jobs = { CrashBackoff = TimeSpan.FromSeconds(10), CrashBackoffMax = TimeSpan.FromSeconds(45) },
        });
        var recovery = new CrashRecovery(options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<CrashRecovery>.Instance);
        Assert.Equal(TimeSpan.Zero, recovery.BackoffAfter(0));
        Assert.Equal(TimeSpan.FromSeconds(10), recovery.BackoffAfter(1));
        Assert.Equal(TimeSpan.FromSeconds(20), recovery.BackoffAfter(2));
        Assert.Equal(TimeSpan.FromSeconds(40), recovery.BackoffAfter(3));
        Assert.Equal(TimeSpan.FromSeconds(45), recovery.BackoffAfter(4));
        Assert.Equal(TimeSpan.FromSeconds(45), recovery.BackoffAfter(1000));
    }

    private static async Task<string> AddJobAsync(OpenClueHost host, string kind, string status = JobStatus.Registered, int attempts = 0)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenClueDbContext>();
        var job = new JobRecord
        {
            Id = Guid.NewGuid().ToString("D"), TenantId = "default", Kind = kind, Status = status, Attempts = attempts,
            CreatedAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
            StartedAt = status == JobStatus.InProgress ? DateTimeOffset.UtcNow : null,
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }

    private static async Task<JobRecord> JobAsync(OpenClueHost host, string id)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OpenClueDbContext>().Jobs.AsNoTracking().SingleAsync(j => j.Id == id);
    }

    private static async Task<JobRecord> WaitForEndAsync(OpenClueHost host, string id)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var job = await JobAsync(host, id);
            if (JobStatus.IsTerminal(job.Status) || DateTime.UtcNow > deadline) return job;
            await Task.Delay(100);
        }
    }

    /// <summary>Holds the thread that writes one log line until released (or for at most <c>hold</c>).</summary>
    private sealed class HeldLogLine(string category, string text, TimeSpan hold) : ILoggerProvider
    {
        private readonly ManualResetEventSlim _release = new();
        private readonly string _text = text;
        private readonly TimeSpan _hold = hold;

        /// <summary>True once released, by the test or because the hold ran out.</summary>
        public bool Released => _release.IsSet;

        public void Release() => _release.Set();

        public ILogger CreateLogger(string categoryName) => categoryName == category ? new Holding(this) : NullLogger.Instance;

        public void Dispose() => _release.Set();

        private sealed class Holding(HeldLogLine owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!formatter(state, exception).Contains(owner._text, StringComparison.Ordinal)) return;
                if (!owner._release.Wait(owner._hold)) owner._release.Set();
            }
        }
    }
}
