using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using static OpenClue.Server.Platform.Persistence.StoredValues;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>Where shopping-intent profiles are stored (migration 0007): the EF Core mapping and the SQL lists and single GETs read.</summary>
public sealed class ShoppingIntentProfileTable : IEntityTypeConfiguration<ShoppingIntentProfileRecord>
{
    public static readonly ResourceTable<ShoppingIntentProfileRecord> Reads = new(ProfilesModule.ShoppingIntentKind,
        "shopping intent profile", "shopping_intent_profiles",
        ["name", "task_id", "task_name", "feature_id", "nclue_model_name", "line_count", "disk_usage"],
        static (r, c, key) => new ShoppingIntentProfileRecord
        {
            Id = key.Id, TenantId = key.TenantId, Name = r.GetString(c), TaskId = r.GetString(c + 1), TaskName = r.GetString(c + 2),
            FeatureId = r.GetString(c + 3), ModelName = r.GetString(c + 4), LineCount = Int64(r, c + 5), DiskUsage = Int64(r, c + 6),
        },
        modelColumn: "nclue_model_name");

    public void Configure(EntityTypeBuilder<ShoppingIntentProfileRecord> e)
    {
        e.MapJobResource("shopping_intent_profiles");
        e.Property(x => x.ModelName).HasColumnName("nclue_model_name");
    }
}
