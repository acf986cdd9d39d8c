using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>A job kind whose work can be split into shards that any worker runs, then finished in one step.</summary>
public interface IShardedJobHandler : IJobHandler
{
    /// <summary>Runs one shard; returns what it produced. Idempotent (a shard may run again).</summary>
    Task<ShardOutput> RunShardAsync(string jobId, ShardRecord shard, CancellationToken ct);

    /// <summary>Combines the shards' results once every shard has completed.</summary>
    Task FinishAsync(string jobId, IReadOnlyList<ShardRecord> shards, CancellationToken ct);
}
