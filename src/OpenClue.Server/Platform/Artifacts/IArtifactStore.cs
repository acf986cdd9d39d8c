namespace OpenClue.Server.Platform.Artifacts;

/// <summary>
/// Where OpenClue keeps what it builds: feature sets and task models (never in customer buckets).
/// Keys look like <c>{tenant}/features/{id}.ocfs</c>. Writes are atomic.
/// </summary>
public interface IArtifactStore
{
    Task<long> WriteAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken ct);
    Stream OpenRead(string key);
    /// <summary>Deletes the artifact, or everything under the key when it ends with '/'.</summary>
    Task DeleteAsync(string key, CancellationToken ct);
    Task<long> TotalBytesAsync(string tenant, CancellationToken ct);
}

public static class ArtifactKeys
{
    /// <summary>Everything stored for a feature: its shard files (delete with the trailing '/').</summary>
    public static string FeatureFolder(string tenant, string id) => $"{tenant}/features/{id}/";
    public static string FeatureShard(string tenant, string id, int shard) => $"{tenant}/features/{id}/shard-{shard:D5}.ocfs";
    public static string TaskModel(string tenant, string id) => $"{tenant}/tasks/{id}.model";
    /// <summary>A tenant's learned NCLUE model (behaviour and token vectors).</summary>
    public static string Model(string tenant, string id) => $"{tenant}/models/{id}.model";
    /// <summary>Scores of one shard of a task run, kept until the run's result file is assembled.</summary>
    public static string RunShardScores(string tenant, string id, int shard) => $"{tenant}/runs/{id}/scores-{shard:D5}.tsv";
    public static string RunFolder(string tenant, string id) => $"{tenant}/runs/{id}/";

}
