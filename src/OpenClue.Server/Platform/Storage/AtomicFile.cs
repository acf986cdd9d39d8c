namespace OpenClue.Server.Platform.Storage;

/// <summary>
/// Publishes a file atomically (D20): written under a hidden temporary name in the same folder, flushed to disk,
/// then renamed over the target. Leftover temporaries of crashed attempts at the same target are removed first.
/// </summary>
public static class AtomicFile
{
    /// <param name="ownerOnly">Create the file 0600 and missing folders 0700 (OpenClue's own artifacts).</param>
    public static async Task WriteAsync(string target, Func<Stream, CancellationToken, Task> write, CancellationToken ct, bool ownerOnly = false)
    {
        var folder = Path.GetDirectoryName(target)!;
        if (ownerOnly) Hosting.DataDirectory.CreatePrivateFolders(folder);
        else Directory.CreateDirectory(folder);
        var prefix = "." + Path.GetFileName(target) + ".";
        RemoveLeftovers(folder, prefix);
        var temp = Path.Combine(folder, prefix + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 1 << 16 };
            if (ownerOnly && !OperatingSystem.IsWindows()) options.UnixCreateMode = Hosting.DataDirectory.OwnerOnlyFile;
            await using (var stream = new FileStream(temp, options))
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
