namespace OpenClue.Server.Platform.Storage;

/// <summary>
/// Publishes a file atomically (D20): written under a hidden temporary name in the same folder, flushed to disk,
/// then renamed over the target. Leftover temporaries of crashed attempts at the same target are removed first.
/// </summary>
public static class AtomicFile
{
    public static async Task WriteAsync(string target, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var prefix = "." + Path.GetFileName(target) + ".";
        RemoveLeftovers(folder, prefix);
        var temp = Path.Combine(folder, prefix + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                await write(stream, ct);
                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void RemoveLeftovers(string folder, string prefix)
    {
        if (!Directory.Exists(folder)) return;
        foreach (var leftover in Directory.EnumerateFiles(folder, prefix + "*.tmp")) TryDelete(leftover);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
