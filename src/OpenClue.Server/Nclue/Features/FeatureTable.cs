using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using static OpenClue.Server.Platform.Persistence.StoredValues;

namespace OpenClue.Server.Nclue.Features;

/// <summary>Where features are stored: the EF Core mapping for writes, the SQL columns lists and single GETs read (in the reader's order).</summary>
public sealed class FeatureTable : IEntityTypeConfiguration<FeatureRecord>
{
    public static readonly ResourceTable<FeatureRecord> Reads = new(FeaturesModule.JobKind, "feature", "features",
        ["name", "source_bucket", "source_file_path", "nclue_model_name", "user_count", "token_count", "disk_usage"],
        static (r, c, key) => new FeatureRecord
        {
            Id = key.Id, TenantId = key.TenantId, Name = r.GetString(c), SourceBucket = r.GetString(c + 1),
            SourceFilePath = r.GetString(c + 2), ModelName = r.GetString(c + 3), UserCount = Int64(r, c + 4), TokenCount = Int64(r, c + 5),
            DiskUsage = Int64(r, c + 6),
        },
        modelColumn: "nclue_model_name");

    public void Configure(EntityTypeBuilder<FeatureRecord> e)
    {
        e.MapJobResource("features");
        e.Property(x => x.ModelName).HasColumnName("nclue_model_name");
    }
}
