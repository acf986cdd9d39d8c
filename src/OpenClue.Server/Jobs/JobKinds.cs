namespace OpenClue.Server.Jobs;

public static class JobKinds
{
    public const string Feature = "feature";
    public const string Task = "task";
    public const string TaskRun = "task_run";
}

/// <summary>Ends a job as failed with a documented fail message (§4).</summary>
public sealed class JobFailedException(string failMessage, string detail) : Exception(detail)
{
    public string FailMessage { get; } = failMessage;
}

/// <summary>The work of one job kind. Must be idempotent: a recovered job runs again from the start.</summary>
public interface IJobHandler
{
    string Kind { get; }
    Task RunAsync(string jobId, CancellationToken ct);
}
