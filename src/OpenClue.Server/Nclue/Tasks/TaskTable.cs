using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using static OpenClue.Server.Platform.Persistence.StoredValues;

namespace OpenClue.Server.Nclue.Tasks;

/// <summary>Where tasks are stored: the EF Core mapping for writes, the SQL columns lists and single GETs read (in the reader's order).</summary>
public sealed class TaskTable : IEntityTypeConfiguration<TaskRecord>
{
    public static readonly ResourceTable<TaskRecord> Reads = new(TasksModule.JobKind, "task", "tasks",
        ["name", "train_feature_id", "train_feature_name", "train_bucket", "train_file_path", "test_feature_id",
         "test_feature_name", "test_bucket", "test_file_path", "nclue_model_name", "auroc", "line_count", "disk_usage"],
        static (r, c, key) => new TaskRecord
        {
            Id = key.Id, TenantId = key.TenantId, Name = r.GetString(c), TrainFeatureId = r.GetString(c + 1),
            TrainFeatureName = r.GetString(c + 2), TrainBucket = r.GetString(c + 3), TrainFilePath = r.GetString(c + 4),
            TestFeatureId = String(r, c + 5), TestFeatureName = String(r, c + 6), TestBucket = String(r, c + 7),
            TestFilePath = String(r, c + 8), ModelName = r.GetString(c + 9), Auroc = Double(r, c + 10), LineCount = Int64(r, c + 11),
            DiskUsage = Int64(r, c + 12), // the report is not part of the view; GET .../report reads it
        },
        modelColumn: "nclue_model_name", sortable: new Dictionary<string, string> { ["auroc"] = "r.auroc" });

    public void Configure(EntityTypeBuilder<TaskRecord> e)
    {
        e.MapJobResource("tasks");
        e.Property(x => x.ModelName).HasColumnName("nclue_model_name");
    }
}
