using OpenClue.Client.Contracts;

namespace OpenClue.Client;

/// <summary>Polls a job-backed resource until it is completed or failed.</summary>
internal static class JobWaiter
{
    /// <summary>One second: NCLUE asks clients to stay at or under one request per second (§2.3).</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    public static async Task<T> WaitAsync<T>(Func<CancellationToken, Task<T>> get, Action<T>? onProgress,
        TimeSpan? timeout, TimeSpan? pollInterval, CancellationToken ct) where T : IJobResource
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout is { } limit) deadline.CancelAfter(limit);
        try
        {
            while (true)
            {
                var current = await get(deadline.Token);
                onProgress?.Invoke(current);
                if (JobStatus.IsFinished(current.Status)) return current;
                await Task.Delay(pollInterval ?? DefaultPollInterval, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"The job did not finish within {timeout}.");
        }
    }
}
