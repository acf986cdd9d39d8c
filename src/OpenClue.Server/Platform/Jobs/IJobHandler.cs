namespace OpenClue.Server.Platform.Jobs;

/// <summary>The work of one job kind. Must be idempotent: a recovered job runs again from the start.</summary>
public interface IJobHandler
{
    string Kind { get; }
    Task<JobOutcome> RunAsync(string jobId, CancellationToken ct);
}
