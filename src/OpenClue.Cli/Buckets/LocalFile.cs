namespace OpenClue.Cli.Buckets;

/// <summary>Writes a file that appears whole or not at all: a failed upload or download (a missing object too) leaves nothing behind.</summary>
internal static class LocalFile
{
    /// <summary>Writes through <paramref name="write"/> into a hidden temporary file beside <paramref name="target"/>, then renames it over the target.</summary>
    public static async Task WriteAsync(string target, Func<Stream, Task> write)
    {
        var full = Path.GetFullPath(target);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.part");
        try
        {
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                await write(output);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
