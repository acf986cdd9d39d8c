using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using static OpenClue.Server.Platform.Persistence.StoredValues;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>Where custom-attributes profiles are stored (migration 0007): the EF Core mapping and the SQL lists and single GETs read.</summary>
public sealed class CustomAttributeProfileTable : IEntityTypeConfiguration<CustomAttributeProfileRecord>
{
    public static readonly ResourceTable<CustomAttributeProfileRecord> Reads = new(ProfilesModule.CustomAttributesKind,
        "custom attributes profile", "custom_attribute_profiles",
        ["name", "feature_id", "feature_name", "keyword_set", "result_bucket", "result_file_path", "result_key", "nclue_model_name", "line_count"],
        static (r, c, key) => new CustomAttributeProfileRecord
        {
            Id = key.Id, TenantId = key.TenantId, Name = r.GetString(c), FeatureId = r.GetString(c + 1), FeatureName = r.GetString(c + 2),
            KeywordSet = r.GetString(c + 3), ResultBucket = r.GetString(c + 4), ResultFilePath = r.GetString(c + 5),
            ResultKey = String(r, c + 6), ModelName = r.GetString(c + 7), LineCount = Int64(r, c + 8),
        },
        modelColumn: "nclue_model_name");

    public void Configure(EntityTypeBuilder<CustomAttributeProfileRecord> e)
    {
        e.MapJobResource("custom_attribute_profiles");
        e.Property(x => x.ModelName).HasColumnName("nclue_model_name");
    }
}
