using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Platform.Artifacts;

/// <summary>Artifacts as files under <c>{DataDir}/artifacts</c>.</summary>
public sealed class LocalArtifactStore(string root) : IArtifactStore
{
    public async Task<long> WriteAsync(string key, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        var path = PathOf(key);
        await AtomicFile.WriteAsync(path, write, ct, ownerOnly: true);
        return new FileInfo(path).Length;
    }

    public Stream OpenRead(string key) =>
        new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        if (key.EndsWith('/')) { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        else
        {
            if (File.Exists(path)) File.Delete(path);
            AtomicFile.RemoveLeftovers(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "."); // a crashed write's temporary
        }
        return Task.CompletedTask;
    }

    public Task<long> TotalBytesAsync(string tenant, CancellationToken ct)
    {
        var folder = PathOf(tenant + "/");
        long total = 0;
        if (Directory.Exists(folder))
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories)) total += file.Length;
        return Task.FromResult(total);
    }

    private string PathOf(string key)
    {
        var rootFull = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(rootFull, key));
        if (!full.StartsWith(rootFull, StringComparison.Ordinal)) throw new ArgumentException($"Bad artifact key '{key}'.");
        return full;
    }
}
