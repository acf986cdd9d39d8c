using System.Collections.Concurrent;
using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Tests.Jobs;

/// <summary>A test job kind that runs until its token is cancelled, recording when its runs start and stop.</summary>
public sealed class BlockingJob(BlockingJob.Probe probe) : IJobHandler
{
    /// <summary>What the runs of one host did (a singleton of that host).</summary>
    public sealed class Probe
    {
        public ConcurrentDictionary<string, TaskCompletionSource> Started { get; } = new();
        public ConcurrentDictionary<string, TaskCompletionSource> Cancelled { get; } = new();

        public TaskCompletionSource StartedOf(string jobId) => Started.GetOrAdd(jobId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        public TaskCompletionSource CancelledOf(string jobId) => Cancelled.GetOrAdd(jobId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    public string Kind => "unused";

    public async Task<JobOutcome> RunAsync(string jobId, CancellationToken ct)
    {
        probe.StartedOf(jobId).TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            probe.CancelledOf(jobId).TrySetResult();
            throw;
        }
        return JobOutcome.Completed;
    }
}
