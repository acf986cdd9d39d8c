using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using static OpenClue.Server.Platform.Persistence.StoredValues;

namespace OpenClue.Server.Nclue.TaskRuns;

/// <summary>How lists and single GETs read task runs: their columns, in the order the reader takes them.</summary>
public static class TaskRunTable
{
    public static readonly ResourceTable<TaskRunRecord> Reads = new(JobKinds.TaskRun, "task run", "task_runs",
        ["name", "task_id", "task_name", "feature_id", "feature_name", "result_bucket", "result_file_path", "result_key",
         "nclue_model_name", "line_count"],
        static (r, c, key) => new TaskRunRecord
        {
            Id = key.Id, TenantId = key.TenantId, Name = r.GetString(c), TaskId = r.GetString(c + 1),
            TaskName = r.GetString(c + 2), FeatureId = r.GetString(c + 3), FeatureName = r.GetString(c + 4), ResultBucket = r.GetString(c + 5),
            ResultFilePath = r.GetString(c + 6), ResultKey = String(r, c + 7), ModelName = r.GetString(c + 8), LineCount = Int64(r, c + 9),
        },
        modelColumn: "nclue_model_name");
}
