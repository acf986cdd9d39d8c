namespace OpenClue.Server.Platform.Storage;

public sealed record StoredObject(string Key, long Size);

/// <summary>
/// Customer buckets (D14, D15, D20): where datasets are read from and results are published to.
/// The embedded default is <see cref="LocalObjectStorage"/>; the scale-out path adds an S3 implementation.
/// </summary>
public interface IObjectStorage
{
    ValueTask<bool> BucketExistsAsync(string bucket, CancellationToken ct);

    /// <summary>
    /// The objects an input path names: the object itself, or every object under it when it is a directory
    /// (or ends in <c>/</c>), recursively, in ordinal key order, skipping names starting with <c>_</c> or <c>.</c>.
    /// Null when nothing exists at that path.
    /// </summary>
    ValueTask<IReadOnlyList<StoredObject>?> ResolveInputAsync(string bucket, string path, CancellationToken ct);

    /// <summary>
    /// One page of a listing by key (D25's <c>after</c>): up to <paramref name="count"/> objects whose keys start with
    /// <paramref name="prefix"/> and sort ordinally after <paramref name="after"/> ("" for the first), in ordinal key
    /// order, read as <see cref="ResolveInputAsync"/> reads the prefix's folder (hidden names skipped, a local bucket's
    /// confinement checked for every entry visited). Only the keys up to the page's end are visited, never the whole folder.
    /// </summary>
    ValueTask<IReadOnlyList<StoredObject>> ListAfterAsync(string bucket, string prefix, string after, int count, CancellationToken ct);

    /// <summary>Opens an object for streaming; throws <see cref="StorageException"/> with a job fail message.</summary>
    Stream OpenRead(string bucket, string key);

    /// <summary>Opens an object from byte <paramref name="start"/> up to <paramref name="endExclusive"/> (or its end).</summary>
    Stream OpenRange(string bucket, string key, long start, long? endExclusive);

    /// <summary>
    /// Writes an object so that readers see either nothing or the whole of it (D20): a partial write is never
    /// visible, and leftovers of earlier crashed attempts at the same key are removed first.
    /// </summary>
    Task PublishAsync(string bucket, string key, Func<Stream, CancellationToken, Task> write, CancellationToken ct);

    ValueTask<bool> ObjectExistsAsync(string bucket, string key, CancellationToken ct);

    /// <summary>
    /// The metadata of the object at exactly <paramref name="key"/>, or null when there is none (a folder is none);
    /// throws <see cref="StorageException"/> for a key the bucket's rules refuse (a link leaving it, a FIFO).
    /// </summary>
    ValueTask<ObjectMetadata?> StatAsync(string bucket, string key, CancellationToken ct);

    /// <summary>Removes the object at exactly <paramref name="key"/>; false when there was none.</summary>
    ValueTask<bool> DeleteAsync(string bucket, string key, CancellationToken ct);
}

/// <summary>A storage failure during a job, carrying the documented fail message (OBS_*, NOT_EXIST_FILE).</summary>
public sealed class StorageException(string failMessage, string detail, Exception? inner = null) : Exception(detail, inner)
{
    public string FailMessage { get; } = failMessage;
}
