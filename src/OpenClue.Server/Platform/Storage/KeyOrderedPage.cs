using System.IO.Enumeration;
using OpenClue.Server.Platform.Hosting;

namespace OpenClue.Server.Platform.Storage;

/// <summary>
/// One page of a local folder listed by key (D25's <c>after</c>): each folder's entries are sorted by name, a folder's
/// name with "/" appended, so the depth-first walk meets keys in ordinal order. Subtrees wholly at or before
/// <c>after</c>, or outside the prefix, are skipped unvisited, and the walk stops once the page is full. Every entry it
/// does visit is checked as the full listing checks it: a link must resolve inside the bucket's real root, FIFOs and
/// devices are refused, cycles and <see cref="LimitOptions.FolderDepth"/> stop it.
/// </summary>
internal sealed class KeyOrderedPage(string root, string bucket, LimitOptions limits, string prefix, string after, int count,
    CancellationToken ct)
{
    private static readonly EnumerationOptions AllEntries = new() { AttributesToSkip = 0, IgnoreInaccessible = false };
    private readonly HashSet<string> _folders = new(StringComparer.Ordinal);

    public List<StoredObject> Objects { get; } = new(count);

    private bool Full => Objects.Count >= count;

    public void Collect(string folder, string key, int depth)
    {
        LocalObjectStorage.EnterFolder(_folders, folder, bucket, key, depth, limits);
        foreach (var (name, isFolder) in SortedEntries(folder))
        {
            if (Full) return;
            ct.ThrowIfCancellationRequested();
            if (name.StartsWith('_') || name.StartsWith('.')) continue; // as the full listing: _SUCCESS, .crc, our temp files
            var entryKey = key.Length == 0 ? name : key + "/" + name;
            if (isFolder ? !MayHoldKeysInRange(entryKey + "/") : !InRange(entryKey)) continue;
            var (kind, size, target) = LocalObjectStorage.StatEntry(root, bucket, Path.Combine(folder, name), entryKey);
            switch (kind)
            {
                case NativeFileKind.Fifo when limits.AllowFifos:
                case NativeFileKind.Regular:
                    if (InRange(entryKey)) Objects.Add(new StoredObject(entryKey, size));
                    break;
                case NativeFileKind.Directory:
                    Collect(target, entryKey, depth + 1);
                    break;
                case NativeFileKind.Other or NativeFileKind.Fifo:
                    throw LocalObjectStorage.NotRegular(bucket, entryKey);
            }
        }
    }

    private bool InRange(string key) => key.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(key, after) > 0;

    /// <summary>Whether some key below <paramref name="folderKey"/> (which ends in "/") could start with the prefix and sort after <c>after</c>.</summary>
    private bool MayHoldKeysInRange(string folderKey) =>
        (folderKey.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(folderKey, StringComparison.Ordinal)) &&
        (string.CompareOrdinal(folderKey, after) > 0 || after.StartsWith(folderKey, StringComparison.Ordinal));

    /// <summary>The folder's entries in key order; a link to a folder counts as a folder (its target's kind, as enumeration reports it).</summary>
    private static List<(string Name, bool IsFolder)> SortedEntries(string folder)
    {
        var entries = new List<(string Name, bool IsFolder)>(new FileSystemEnumerable<(string, bool)>(folder,
            (ref FileSystemEntry entry) => (entry.FileName.ToString(), entry.IsDirectory), AllEntries));
        entries.Sort(static (a, b) => CompareAsKeys(a, b));
        return entries;
    }

    private static int CompareAsKeys((string Name, bool IsFolder) a, (string Name, bool IsFolder) b)
    {
        var common = Math.Min(a.Name.Length, b.Name.Length);
        var order = string.CompareOrdinal(a.Name, 0, b.Name, 0, common);
        if (order != 0) return order;
        // One name starts the other: the shorter one's next character is its "/" when a folder, else it ends there.
        var nextA = a.Name.Length > common ? a.Name[common] : a.IsFolder ? '/' : -1;
        var nextB = b.Name.Length > common ? b.Name[common] : b.IsFolder ? '/' : -1;
        return nextA.CompareTo(nextB);
    }
}
