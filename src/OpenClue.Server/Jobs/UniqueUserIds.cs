using OpenClue.Modeling.Data;
using OpenClue.Modeling.Features;

namespace OpenClue.Server.Jobs;

/// <summary>
/// DUPLICATE_USERID across the shards of one dataset (each shard checks its own users). One pass keeps 64-bit
/// hashes only; hashes seen twice are confirmed with their exact ids in a second pass, so a hash collision never
/// fails a feature.
/// </summary>
public static class UniqueUserIds
{
    public static void Check(IReadOnlyList<Func<FeatureSetReader>> shards, CancellationToken ct)
    {
        var seen = new HashSet<ulong>();
        var repeated = new HashSet<ulong>();
        ForEachId(shards, ct, id => { var h = Hash(id); if (!seen.Add(h)) repeated.Add(h); });
        if (repeated.Count == 0) return;
        var exact = new HashSet<string>(StringComparer.Ordinal);
        ForEachId(shards, ct, id =>
        {
            if (repeated.Contains(Hash(id)) && !exact.Add(id))
                throw new DatasetException(FailMessages.DuplicateUserId, null, 0, $"User id '{id}' appears in two shards");
        });
    }

    private static void ForEachId(IReadOnlyList<Func<FeatureSetReader>> shards, CancellationToken ct, Action<string> visit)
    {
        foreach (var open in shards)
        {
            using var reader = open();
            var vector = new float[reader.Dimension];
            while (reader.TryRead(out var userId, vector))
            {
                visit(userId);
            }
            ct.ThrowIfCancellationRequested();
        }
    }

    /// <summary>FNV-1a over the UTF-16 code units: stable and cheap; collisions are resolved exactly.</summary>
    private static ulong Hash(string id)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in id) hash = (hash ^ c) * 1099511628211UL;
        return hash;
    }
}
