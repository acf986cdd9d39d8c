using OpenClue.Modeling.Data;
using OpenClue.Server.Platform.Hosting;

namespace OpenClue.Server.Platform.Storage;

/// <summary>
/// Buckets as folders: bucket <c>B</c> is <c>{DataDir}/buckets/B</c>; every key is confined to it (D14). Confinement is
/// judged on real paths, not on the text of a key: a symbolic link inside a bucket may point elsewhere in the same
/// bucket, but a read, listing or publish that would leave the bucket's real root is refused
/// (<c>OBS_USER_FILE_ACCESS_ERROR</c>), as is anything but a regular file or folder (<c>UNEXPECTED_FILE_TYPE</c>). Files
/// are opened without blocking and checked after opening (type and real path of the open descriptor), so a link or
/// FIFO swapped in after the check still cannot be read. Folder listings stop at a cycle, at
/// <see cref="LimitOptions.FolderDepth"/> and at <see cref="LimitOptions.FolderFiles"/>, and honour cancellation.
/// </summary>
public sealed class LocalObjectStorage(string bucketsRoot, LimitOptions limits) : IObjectStorage
{
    public ValueTask<bool> BucketExistsAsync(string bucket, CancellationToken ct) =>
        ValueTask.FromResult(PathRules.IsValidBucketName(bucket) && Directory.Exists(BucketRoot(bucket)));

    public ValueTask<IReadOnlyList<StoredObject>?> ResolveInputAsync(string bucket, string path, CancellationToken ct)
    {
        try
        {
            return ValueTask.FromResult(Resolve(bucket, path, ct));
        }
        catch (UnauthorizedAccessException ex) { throw new StorageException(FailMessages.ObsUserFileAccessError, $"{bucket}/{path} cannot be listed", ex); }
        catch (IOException ex) { throw new StorageException(FailMessages.ObsDownloadFailed, $"{bucket}/{path} could not be listed", ex); }
    }

    private IReadOnlyList<StoredObject>? Resolve(string bucket, string path, CancellationToken ct)
    {
        if (!PathRules.IsValidBucketName(bucket) || RealRoot(bucket) is not { } root)
            return null;
        var key = path.TrimEnd('/');
        if (NativeFiles.RealPath(Lexical(bucket, key)) is not { } real) return null;
        Confine(root, real, bucket, key);
        var (kind, size) = NativeFiles.Stat(real);
        if (kind == NativeFileKind.Regular || kind == NativeFileKind.Fifo && limits.AllowFifos)
            return path.EndsWith('/') ? null : [new StoredObject(key, size)];
        if (kind is NativeFileKind.Other or NativeFileKind.Fifo) throw NotRegular(bucket, key);
        if (kind != NativeFileKind.Directory) return null;
        var listing = new Listing(root, bucket, limits, ct);
        listing.Collect(real, key, depth: 0);
        listing.Objects.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return listing.Objects;
    }

    public ValueTask<IReadOnlyList<StoredObject>> ListAfterAsync(string bucket, string prefix, string after, int count, CancellationToken ct)
    {
        var folder = prefix[..(prefix.LastIndexOf('/') + 1)].TrimEnd('/');
        try
        {
            return ValueTask.FromResult(ListAfter(bucket, folder, prefix, after, count, ct));
        }
        catch (UnauthorizedAccessException ex) { throw new StorageException(FailMessages.ObsUserFileAccessError, $"{bucket}/{folder} cannot be listed", ex); }
        catch (IOException ex) { throw new StorageException(FailMessages.ObsDownloadFailed, $"{bucket}/{folder} could not be listed", ex); }
    }

    /// <summary>The prefix's folder checked as <see cref="Resolve"/> checks it, then walked in key order up to the page's end.</summary>
    private IReadOnlyList<StoredObject> ListAfter(string bucket, string folder, string prefix, string after, int count, CancellationToken ct)
    {
        if (!PathRules.IsValidBucketName(bucket) || RealRoot(bucket) is not { } root) return [];
        if (NativeFiles.RealPath(Lexical(bucket, folder)) is not { } real) return [];
        Confine(root, real, bucket, folder);
        var kind = NativeFiles.Stat(real).Kind;
        if (kind is NativeFileKind.Other || kind == NativeFileKind.Fifo && !limits.AllowFifos) throw NotRegular(bucket, folder);
        if (kind != NativeFileKind.Directory) return [];
        var page = new KeyOrderedPage(root, bucket, limits, prefix, after, count, ct);
        page.Collect(real, folder, depth: 0);
        return page.Objects;
    }

    /// <summary>A walk entering <paramref name="folder"/>: refused when a link cycle reaches it again or it lies too deep.</summary>
    internal static void EnterFolder(HashSet<string> seen, string folder, string bucket, string key, int depth, LimitOptions limits)
    {
        if (!seen.Add(folder))
            throw new StorageException(FailMessages.ObsDownloadFailed, $"{bucket}/{key} is reached twice through symbolic links (a cycle)");
        if (depth > limits.FolderDepth)
            throw new StorageException(FailMessages.ObsDownloadFailed,
                $"{bucket}/{key} is nested deeper than {limits.FolderDepth} folders (OpenClue:Limits:FolderDepth)");
    }

    /// <summary>A folder entry's kind and size, a symbolic link followed to its real target, which must lie inside the bucket.</summary>
    internal static (NativeFileKind Kind, long Size, string Target) StatEntry(string root, string bucket, string path, string entryKey)
    {
        var (kind, size) = NativeFiles.Stat(path);
        if (kind != NativeFileKind.SymbolicLink) return (kind, size, path);
        var target = NativeFiles.RealPath(path)
            ?? throw new StorageException(FailMessages.ObsUserFileAccessError, $"{bucket}/{entryKey} is a broken symbolic link");
        Confine(root, target, bucket, entryKey);
        (kind, size) = NativeFiles.Stat(target);
        return (kind, size, target);
    }

    /// <summary>One folder walk: real paths of the folders seen (a folder reached twice is a link cycle), files counted.</summary>
    private sealed class Listing(string root, string bucket, LimitOptions limits, CancellationToken ct)
    {
        private readonly HashSet<string> _folders = new(StringComparer.Ordinal);

        public List<StoredObject> Objects { get; } = [];

        public void Collect(string folder, string key, int depth)
        {
            EnterFolder(_folders, folder, bucket, key, depth, limits);
            foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
            {
                ct.ThrowIfCancellationRequested();
                if (entry.Name.StartsWith('_') || entry.Name.StartsWith('.')) continue; // Hadoop's _SUCCESS, .crc, our temp files
                var entryKey = key.Length == 0 ? entry.Name : key + "/" + entry.Name;
                var (kind, size, target) = StatEntry(root, bucket, entry.FullName, entryKey);
                switch (kind)
                {
                    case NativeFileKind.Fifo when limits.AllowFifos:
                    case NativeFileKind.Regular:
                        Objects.Add(new StoredObject(entryKey, size));
                        if (Objects.Count > limits.FolderFiles)
                            throw new StorageException(FailMessages.ObsDownloadFailed,
                                $"{bucket}/{key} holds more than {limits.FolderFiles} files (OpenClue:Limits:FolderFiles)");
                        break;
                    case NativeFileKind.Directory:
                        Collect(target, entryKey, depth + 1);
                        break;
                    case NativeFileKind.Other or NativeFileKind.Fifo:
                        throw NotRegular(bucket, entryKey);
                }
            }
        }
    }

    public Stream OpenRange(string bucket, string key, long start, long? endExclusive)
    {
        var stream = OpenRead(bucket, key);
        stream.Seek(start, SeekOrigin.Begin);
        return endExclusive is { } end ? new BoundedStream(stream, end - start) : stream;
    }

    public Stream OpenRead(string bucket, string key)
    {
        try
        {
            var root = RealRoot(bucket) ?? throw Missing(bucket, key);
            var handle = NativeFiles.OpenForReading(Lexical(bucket, key)) ?? throw Missing(bucket, key);
            try
            {
                var kind = NativeFiles.KindOf(handle);
                if (kind == NativeFileKind.Directory)
                    throw new StorageException(FailMessages.ObsUserFileAccessError, $"{bucket}/{key} is a folder, not a file");
                Confine(root, NativeFiles.RealPathOf(handle) ?? "", bucket, key);
                if (kind == NativeFileKind.Fifo && limits.AllowFifos)
                {
                    handle.Dispose(); // reopened blocking: a pipe's reader waits for its writer (the open is not guarded)
                    return Guarded(new FileStream(Lexical(bucket, key), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), bucket, key);
                }
                if (kind != NativeFileKind.Regular) throw NotRegular(bucket, key);
                return Guarded(new FileStream(handle, FileAccess.Read, 1 << 16), bucket, key);
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }
        catch (UnauthorizedAccessException ex) { throw new StorageException(FailMessages.ObsUserFileAccessError, $"{bucket}/{key} cannot be read", ex); }
        catch (IOException ex) { throw new StorageException(FailMessages.ObsDownloadFailed, $"{bucket}/{key} could not be read", ex); }
    }

    private Stream Guarded(FileStream file, string bucket, string key) =>
        limits.ReadStall > TimeSpan.Zero ? new StallGuardStream(file, limits.ReadStall, $"{bucket}/{key}") : file;

    public async Task PublishAsync(string bucket, string key, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        try
        {
            await AtomicFile.WriteAsync(ConfinedTarget(bucket, key), write, ct);
        }
        catch (UnauthorizedAccessException ex) { throw new StorageException(FailMessages.ObsUserFileAccessError, $"{bucket}/{key} cannot be written", ex); }
        catch (IOException ex) { throw new StorageException(FailMessages.ObsUploadFailed, $"{bucket}/{key} could not be written", ex); }
    }

    /// <summary>
    /// The path to publish <paramref name="key"/> at: its folders created one at a time below the bucket's real root,
    /// each existing one (or the link it is) resolved and required to stay inside. The file itself is written under a
    /// new temporary name and renamed over the target, which replaces a link there rather than writing through it.
    /// </summary>
    private string ConfinedTarget(string bucket, string key)
    {
        Lexical(bucket, key); // rejects keys that leave the bucket textually
        Directory.CreateDirectory(BucketRoot(bucket));
        var root = RealRoot(bucket) ?? throw new StorageException(FailMessages.ObsUploadFailed, $"bucket {bucket} is missing");
        var folder = root;
        var segments = key.Split('/');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var next = Path.Combine(folder, segments[i]);
            var (kind, _) = NativeFiles.Stat(next);
            if (kind == NativeFileKind.Missing)
            {
                Directory.CreateDirectory(next);
                (kind, _) = NativeFiles.Stat(next);
            }
            if (kind == NativeFileKind.SymbolicLink)
            {
                next = NativeFiles.RealPath(next)
                    ?? throw new StorageException(FailMessages.ObsUserFileAccessError, $"{bucket}/{key}: a folder on the way is a broken symbolic link");
                Confine(root, next, bucket, key);
                (kind, _) = NativeFiles.Stat(next);
            }
            if (kind != NativeFileKind.Directory)
                throw new StorageException(FailMessages.ObsUserFileAccessError, $"{bucket}/{key}: '{segments[i]}' on the way is not a folder");
            folder = next;
        }
        var target = Path.Combine(folder, segments[^1]);
        if (NativeFiles.Stat(target).Kind == NativeFileKind.Directory)
            throw new StorageException(FailMessages.ObsUserFileAccessError, $"{bucket}/{key} is a folder, not a file");
        return target;
    }

    public ValueTask<bool> ObjectExistsAsync(string bucket, string key, CancellationToken ct)
    {
        var root = RealRoot(bucket);
        var real = root is null ? null : NativeFiles.RealPath(Lexical(bucket, key));
        return ValueTask.FromResult(real is not null && IsInside(root!, real) && NativeFiles.Stat(real).Kind == NativeFileKind.Regular);
    }

    public ValueTask<ObjectMetadata?> StatAsync(string bucket, string key, CancellationToken ct)
    {
        try
        {
            if (!PathRules.IsValidBucketName(bucket) || RealRoot(bucket) is not { } root) return ValueTask.FromResult<ObjectMetadata?>(null);
            if (NativeFiles.RealPath(Lexical(bucket, key)) is not { } real) return ValueTask.FromResult<ObjectMetadata?>(null);
            Confine(root, real, bucket, key);
            var (kind, size) = NativeFiles.Stat(real);
            if (kind is NativeFileKind.Missing or NativeFileKind.Directory) return ValueTask.FromResult<ObjectMetadata?>(null);
            if (kind != NativeFileKind.Regular) throw NotRegular(bucket, key);
            var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(real), TimeSpan.Zero);
            // Size and modification time, as web servers tag static files: a new content (always a new file, D20) changes it.
            var etag = $"\"{size:x}-{modified.UtcTicks:x}\"";
            return ValueTask.FromResult<ObjectMetadata?>(new ObjectMetadata(size, modified, etag));
        }
        catch (UnauthorizedAccessException ex) { throw new StorageException(FailMessages.ObsUserFileAccessError, $"{bucket}/{key} cannot be read", ex); }
        catch (IOException ex) { throw new StorageException(FailMessages.ObsDownloadFailed, $"{bucket}/{key} could not be read", ex); }
    }

    /// <summary>
    /// Removes the file at <paramref name="key"/> (a link there is removed itself, not its target), after the same checks
    /// as a read: the folder it is in, and the link's target, must be inside the bucket's real root.
    /// </summary>
    public ValueTask<bool> DeleteAsync(string bucket, string key, CancellationToken ct)
    {
        try
        {
            if (!PathRules.IsValidBucketName(bucket) || RealRoot(bucket) is not { } root) return ValueTask.FromResult(false);
            var lexical = Lexical(bucket, key);
            if (NativeFiles.RealPath(Path.GetDirectoryName(lexical)!) is not { } folder) return ValueTask.FromResult(false);
            Confine(root, folder, bucket, key);
            var path = Path.Combine(folder, Path.GetFileName(lexical));
            var (kind, _) = NativeFiles.Stat(path);
            if (kind == NativeFileKind.SymbolicLink)
            {
                var target = NativeFiles.RealPath(path)
                    ?? throw new StorageException(FailMessages.ObsUserFileAccessError, $"{bucket}/{key} is a broken symbolic link");
                Confine(root, target, bucket, key);
                kind = NativeFiles.Stat(target).Kind;
            }
            if (kind is NativeFileKind.Missing or NativeFileKind.Directory) return ValueTask.FromResult(false);
            if (kind != NativeFileKind.Regular) throw NotRegular(bucket, key);
            File.Delete(path);
            return ValueTask.FromResult(true);
        }
        catch (UnauthorizedAccessException ex) { throw new StorageException(FailMessages.ObsUserFileAccessError, $"{bucket}/{key} cannot be deleted", ex); }
        catch (IOException ex) { throw new StorageException(FailMessages.ObsUploadFailed, $"{bucket}/{key} could not be deleted", ex); }
    }

    private string BucketRoot(string bucket) => Path.Combine(bucketsRoot, bucket);

    /// <summary>The real path of the bucket's folder (the operator may make the bucket itself a link), or null when missing.</summary>
    private string? RealRoot(string bucket) => NativeFiles.RealPath(BucketRoot(bucket));

    private static bool IsInside(string root, string real) =>
        real.Length > root.Length && real.StartsWith(root, StringComparison.Ordinal) && real[root.Length] == '/' || real == root;

    private static void Confine(string root, string real, string bucket, string key)
    {
        if (!IsInside(root, real))
            throw new StorageException(FailMessages.ObsUserFileAccessError, $"{bucket}/{key} leads outside the bucket (symbolic link)");
    }

    private static StorageException Missing(string bucket, string key) => new(FailMessages.NotExistFile, $"{bucket}/{key} is missing");

    internal static StorageException NotRegular(string bucket, string key) =>
        new(FailMessages.UnexpectedFileType, $"{bucket}/{key} is not a regular file (FIFO, socket or device)");

    /// <summary>The textual path of a key, which may not leave the bucket's folder by its text ('..').</summary>
    private string Lexical(string bucket, string key)
    {
        if (!PathRules.IsValidBucketName(bucket)) throw new ArgumentException($"Invalid bucket name '{bucket}'.");
        var root = Path.GetFullPath(BucketRoot(bucket)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, key));
        if (!full.StartsWith(root, StringComparison.Ordinal) && full + Path.DirectorySeparatorChar != root)
            throw new ArgumentException($"The key '{key}' leaves bucket '{bucket}'.");
        return full;
    }
}
