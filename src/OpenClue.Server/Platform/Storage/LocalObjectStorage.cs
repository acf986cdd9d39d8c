using OpenClue.Modeling.Data;

namespace OpenClue.Server.Platform.Storage;

/// <summary>Buckets as folders: bucket <c>B</c> is <c>{DataDir}/buckets/B</c>; every key is confined to it (D14).</summary>
public sealed class LocalObjectStorage(string bucketsRoot) : IObjectStorage
{
    public ValueTask<bool> BucketExistsAsync(string bucket, CancellationToken ct) =>
        ValueTask.FromResult(PathRules.IsValidBucketName(bucket) && Directory.Exists(BucketRoot(bucket)));

    public ValueTask<IReadOnlyList<StoredObject>?> ResolveInputAsync(string bucket, string path, CancellationToken ct)
    {
        if (!PathRules.IsValidBucketName(bucket) || !Directory.Exists(BucketRoot(bucket)))
            return ValueTask.FromResult<IReadOnlyList<StoredObject>?>(null);
        var full = Resolve(bucket, path.TrimEnd('/'));
        if (!path.EndsWith('/') && File.Exists(full))
            return ValueTask.FromResult<IReadOnlyList<StoredObject>?>([new StoredObject(path, new FileInfo(full).Length)]);
        if (!Directory.Exists(full)) return ValueTask.FromResult<IReadOnlyList<StoredObject>?>(null);
        var root = BucketRoot(bucket);
        var list = new List<StoredObject>();
        Collect(new DirectoryInfo(full), root, list);
        list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return ValueTask.FromResult<IReadOnlyList<StoredObject>?>(list);
    }

    private static void Collect(DirectoryInfo dir, string root, List<StoredObject> into)
    {
        foreach (var entry in dir.EnumerateFileSystemInfos())
        {
            if (entry.Name.StartsWith('_') || entry.Name.StartsWith('.')) continue; // Hadoop's _SUCCESS, .crc, our temp files
            if (entry is DirectoryInfo sub) Collect(sub, root, into);
            else if (entry is FileInfo file)
                into.Add(new StoredObject(Path.GetRelativePath(root, file.FullName).Replace('\\', '/'), file.Length));
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
            return new FileStream(Resolve(bucket, key), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
                FileOptions.SequentialScan);
        }
        catch (FileNotFoundException ex) { throw new StorageException(FailMessages.NotExistFile, $"{bucket}/{key} is missing", ex); }
        catch (DirectoryNotFoundException ex) { throw new StorageException(FailMessages.NotExistFile, $"{bucket}/{key} is missing", ex); }
        catch (UnauthorizedAccessException ex) { throw new StorageException(FailMessages.ObsUserFileAccessError, $"{bucket}/{key} cannot be read", ex); }
        catch (IOException ex) { throw new StorageException(FailMessages.ObsDownloadFailed, $"{bucket}/{key} could not be read", ex); }
    }

    public async Task PublishAsync(string bucket, string key, Func<Stream, CancellationToken, Task> write, CancellationToken ct)
    {
        var target = Resolve(bucket, key);
        try
        {
            await AtomicFile.WriteAsync(target, write, ct);
        }
        catch (UnauthorizedAccessException ex) { throw new StorageException(FailMessages.ObsUserFileAccessError, $"{bucket}/{key} cannot be written", ex); }
        catch (IOException ex) { throw new StorageException(FailMessages.ObsUploadFailed, $"{bucket}/{key} could not be written", ex); }
    }

    public ValueTask<bool> ObjectExistsAsync(string bucket, string key, CancellationToken ct) =>
        ValueTask.FromResult(File.Exists(Resolve(bucket, key)));

    private string BucketRoot(string bucket) => Path.Combine(bucketsRoot, bucket);

    private string Resolve(string bucket, string key)
    {
        if (!PathRules.IsValidBucketName(bucket)) throw new ArgumentException($"Invalid bucket name '{bucket}'.");
        var root = Path.GetFullPath(BucketRoot(bucket)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, key));
        if (!full.StartsWith(root, StringComparison.Ordinal) && full + Path.DirectorySeparatorChar != root)
            throw new ArgumentException($"The key '{key}' leaves bucket '{bucket}'.");
        return full;
    }
}
