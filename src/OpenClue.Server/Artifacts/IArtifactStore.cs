namespace OpenClue.Server.Artifacts;

/// <summary>
/// Where OpenClue keeps what it builds: feature sets and task models (never in customer buckets).
/// Keys look like <c>{tenant}/features/{id}.ocfs</c>. Writes are atomic.
/// </summary>
public interface IArtifactStore
{
    Task<long> WriteAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken ct);
    Stream OpenRead(string key);
    Task DeleteAsync(string key, CancellationToken ct);
    Task<long> TotalBytesAsync(string tenant, CancellationToken ct);
}

public static class ArtifactKeys
{
    public static string Feature(string tenant, string id) => $"{tenant}/features/{id}.ocfs";
    public static string TaskModel(string tenant, string id) => $"{tenant}/tasks/{id}.model";
}
