using OpenClue.Server.Platform.Jobs;
using static OpenClue.Server.Platform.Persistence.StoredValues;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>The hot-read SQL of the profile tables (<see cref="ResourceReads"/>); each reader takes its columns in the listed order.</summary>
public static class ProfileTables
{
    public static readonly ResourceTable<CustomAttributeProfileRecord> CustomAttributes = new(ProfileJobKinds.CustomAttributes,
        "custom_attribute_profiles",
        ["name", "feature_id", "feature_name", "keyword_set", "result_bucket", "result_file_path", "result_key", "nclue_model_name", "line_count"],
        static (r, c, key) => new CustomAttributeProfileRecord
        {
            Id = key.Id, TenantId = key.TenantId, Name = r.GetString(c), FeatureId = r.GetString(c + 1), FeatureName = r.GetString(c + 2),
            KeywordSet = r.GetString(c + 3), ResultBucket = r.GetString(c + 4), ResultFilePath = r.GetString(c + 5),
            ResultKey = String(r, c + 6), ModelName = r.GetString(c + 7), LineCount = Int64(r, c + 8),
        });

    public static readonly ResourceTable<ShoppingIntentProfileRecord> ShoppingIntents = new(ProfileJobKinds.ShoppingIntent,
        "shopping_intent_profiles",
        ["name", "task_id", "task_name", "feature_id", "nclue_model_name", "line_count", "disk_usage"],
        static (r, c, key) => new ShoppingIntentProfileRecord
        {
            Id = key.Id, TenantId = key.TenantId, Name = r.GetString(c), TaskId = r.GetString(c + 1), TaskName = r.GetString(c + 2),
            FeatureId = r.GetString(c + 3), ModelName = r.GetString(c + 4), LineCount = Int64(r, c + 5), DiskUsage = Int64(r, c + 6),
        });
}
