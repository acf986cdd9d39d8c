using OpenClue.Server.Platform.Persistence;
using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Nclue.Features;

/// <summary>
/// Splits a dataset into shards: one per part file, and a plain-text part larger than <c>shardBytes</c> into byte
/// ranges (gzip cannot be split, so a compressed part is always one shard).
/// </summary>
public static class ShardPlanner
{
    public static List<ShardRecord> Plan(string jobId, IReadOnlyList<StoredObject> parts, long shardBytes, Func<StoredObject, bool> isGzip)
    {
        var shards = new List<ShardRecord>();
        foreach (var part in parts)
        {
            var pieces = part.Size > shardBytes && !isGzip(part) ? (int)Math.Ceiling(part.Size / (double)shardBytes) : 1;
            var step = part.Size / pieces;
            for (var i = 0; i < pieces; i++)
            {
                shards.Add(new ShardRecord
                {
                    JobId = jobId, ShardIndex = shards.Count, SourceKey = part.Key, Status = JobStatus.Pending,
                    RangeStart = i * step, RangeEnd = i + 1 == pieces ? null : (i + 1) * step,
                });
            }
        }
        return shards;
    }
}
