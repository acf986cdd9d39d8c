using OpenClue.Modeling.Features;
using OpenClue.Server.Platform.Artifacts;

namespace OpenClue.Server.Nclue.Features;

/// <summary>The stored shard files of a completed feature set, in user order.</summary>
public static class FeatureShards
{
    /// <param name="wrap">Wraps each shard's stream (to count the bytes read for a job's progress).</param>
    public static IReadOnlyList<Func<FeatureSetReader>> Readers(IArtifactStore artifacts, FeatureRecord feature, Func<Stream, Stream>? wrap = null)
    {
        var count = feature.ShardCount ?? 1;
        var readers = new Func<FeatureSetReader>[count];
        for (var i = 0; i < count; i++)
        {
            var key = ArtifactKeys.FeatureShard(feature.TenantId, feature.Id, i);
            readers[i] = wrap is null ? () => new FeatureSetReader(artifacts.OpenRead(key)) : () => new FeatureSetReader(wrap(artifacts.OpenRead(key)));
        }
        return readers;
    }

    /// <summary>The sorted hashes of a shard's user ids, stored by its shard job until the finishing step checked them.</summary>
    public static string UserIdHashesKey(FeatureRecord feature, int shard) =>
        $"{ArtifactKeys.FeatureFolder(feature.TenantId, feature.Id)}shard-{shard:D5}.ids";

    public static int Dimension(IArtifactStore artifacts, FeatureRecord feature)
    {
        using var reader = Readers(artifacts, feature)[0]();
        return reader.Dimension;
    }
}
