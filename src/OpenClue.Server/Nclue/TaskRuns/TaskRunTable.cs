using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using static OpenClue.Server.Platform.Persistence.StoredValues;

namespace OpenClue.Server.Nclue.TaskRuns;

/// <summary>Where task runs are stored: the EF Core mapping for writes, the SQL columns lists and single GETs read (in the reader's order).</summary>
public sealed class TaskRunTable : IEntityTypeConfiguration<TaskRunRecord>
{
    public static readonly ResourceTable<TaskRunRecord> Reads = new(TaskRunsModule.JobKind, "task run", "task_runs",
        ["name", "task_id", "task_name", "feature_id", "feature_name", "result_bucket", "result_file_path", "result_key",
         "nclue_model_name", "line_count"],
        static (r, c, key) => new TaskRunRecord
        {
            Id = key.Id, TenantId = key.TenantId, Name = r.GetString(c), TaskId = r.GetString(c + 1),
            TaskName = r.GetString(c + 2), FeatureId = r.GetString(c + 3), FeatureName = r.GetString(c + 4), ResultBucket = r.GetString(c + 5),
            ResultFilePath = r.GetString(c + 6), ResultKey = String(r, c + 7), ModelName = r.GetString(c + 8), LineCount = Int64(r, c + 9),
        },
        modelColumn: "nclue_model_name");

    public void Configure(EntityTypeBuilder<TaskRunRecord> e)
    {
        e.MapJobResource("task_runs");
        e.Property(x => x.ModelName).HasColumnName("nclue_model_name");
    }
}
