namespace OpenClue.Server.Nsml.Execution;

/// <summary>Wakes this process's node agent at once (a run created or stopped here) instead of at its next poll.</summary>
public sealed class NsmlWakeup
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Signal()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { } // already signalled
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        try { await _signal.WaitAsync(timeout, ct); }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }
}
