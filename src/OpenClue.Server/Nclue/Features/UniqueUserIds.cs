using OpenClue.Modeling.Data;
using OpenClue.Modeling.Features;

namespace OpenClue.Server.Nclue.Features;

/// <summary>
/// DUPLICATE_USERID across the shards of one dataset (each shard checks its own users). One pass keeps 64-bit
/// hashes of the UTF-8 ids only; hashes seen twice are confirmed with their exact ids in a second pass, so a hash
/// collision never fails a feature. Reads in batches with the names table skipped: only the ids matter here, and this
/// pass runs over every shard after the build.
/// </summary>
public static class UniqueUserIds
{
    public static void Check(IReadOnlyList<Func<FeatureSetReader>> shards, CancellationToken ct)
    {
        var seen = new HashSet<ulong>();
        var repeated = new HashSet<ulong>();
        ForEachBatch(shards, ct, batch =>
        {
            for (int i = 0; i < batch.Count; i++)
            {
                var h = Hash(batch.UserIdUtf8(i));
                if (!seen.Add(h)) repeated.Add(h);
            }
        });
        if (repeated.Count == 0) return;
        var exact = new HashSet<string>(StringComparer.Ordinal);
        ForEachBatch(shards, ct, batch =>
        {
            for (int i = 0; i < batch.Count; i++)
            {
                if (!repeated.Contains(Hash(batch.UserIdUtf8(i)))) continue;
                var userId = batch.UserId(i);
                if (!exact.Add(userId))
                    throw new DatasetException(FailMessages.DuplicateUserId, null, 0, $"User id '{userId}' appears in two shards");
            }
        });
    }

    /// <remarks>Shards come from this build's writer, so they are always version 2 (batch-readable).</remarks>
    private static void ForEachBatch(IReadOnlyList<Func<FeatureSetReader>> shards, CancellationToken ct, Action<FeatureBatch> visit)
    {
        FeatureBatch? batch = null;
        foreach (var open in shards)
        {
            using var reader = open();
            reader.SkipFeatureNames = true;
            batch ??= new FeatureBatch(reader.Dimension, 1024);
            while (reader.ReadBatch(batch) > 0)
            {
                visit(batch);
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    /// <summary>FNV-1a over the UTF-8 bytes: stable and cheap; collisions are resolved exactly.</summary>
    private static ulong Hash(ReadOnlySpan<byte> id)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in id) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }
}
