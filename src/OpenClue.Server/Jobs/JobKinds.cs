using OpenClue.Server.Persistence;

namespace OpenClue.Server.Jobs;

public static class JobKinds
{
    public const string Feature = "feature";
    public const string Task = "task";
    public const string TaskRun = "task_run";
    public const string Model = "model";
}

/// <summary>Ends a job as failed with a documented fail message (§4).</summary>
public sealed class JobFailedException(string failMessage, string detail) : Exception(detail)
{
    public string FailMessage { get; } = failMessage;
}

public enum JobOutcome
{
    /// <summary>The work is done: the job completes.</summary>
    Completed,
    /// <summary>The work was fanned out into shards; the job completes when they have all finished.</summary>
    Deferred,
}

/// <summary>The work of one job kind. Must be idempotent: a recovered job runs again from the start.</summary>
public interface IJobHandler
{
    string Kind { get; }
    Task<JobOutcome> RunAsync(string jobId, CancellationToken ct);
}

/// <summary>A job kind whose work can be split into shards that any worker runs, then finished in one step.</summary>
public interface IShardedJobHandler : IJobHandler
{
    /// <summary>Runs one shard; returns what it produced. Idempotent (a shard may run again).</summary>
    Task<ShardOutput> RunShardAsync(string jobId, ShardRecord shard, CancellationToken ct);

    /// <summary>Combines the shards' results once every shard has completed.</summary>
    Task FinishAsync(string jobId, IReadOnlyList<ShardRecord> shards, CancellationToken ct);
}

public readonly record struct ShardOutput(long Users, long Tokens, long Bytes);
