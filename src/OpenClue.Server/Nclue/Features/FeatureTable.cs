using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using static OpenClue.Server.Platform.Persistence.StoredValues;

namespace OpenClue.Server.Nclue.Features;

/// <summary>How lists and single GETs read features: their columns, in the order the reader takes them.</summary>
public static class FeatureTable
{
    public static readonly ResourceTable<FeatureRecord> Reads = new(JobKinds.Feature, "feature", "features",
        ["name", "source_bucket", "source_file_path", "nclue_model_name", "user_count", "token_count", "disk_usage"],
        static (r, c, key) => new FeatureRecord
        {
            Id = key.Id, TenantId = key.TenantId, Name = r.GetString(c), SourceBucket = r.GetString(c + 1),
            SourceFilePath = r.GetString(c + 2), ModelName = r.GetString(c + 3), UserCount = Int64(r, c + 4), TokenCount = Int64(r, c + 5),
            DiskUsage = Int64(r, c + 6),
        },
        modelColumn: "nclue_model_name");
}
