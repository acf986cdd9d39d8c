using System.Text.Json.Serialization;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.Tasks;

/// <summary>POST /tasks response (§1.8) plus D13's model fields.</summary>
public sealed record TaskCreated(
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("task_name")] string TaskName,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("train_feature_id")] string TrainFeatureId,
    [property: JsonPropertyName("train_feature_name")] string TrainFeatureName,
    [property: JsonPropertyName("train_bucket")] string TrainBucket,
    [property: JsonPropertyName("train_file_path")] string TrainFilePath,
    [property: JsonPropertyName("test_feature_id")] string? TestFeatureId,
    [property: JsonPropertyName("test_feature_name")] string? TestFeatureName,
    [property: JsonPropertyName("test_bucket")] string? TestBucket,
    [property: JsonPropertyName("test_file_path")] string? TestFilePath,
    [property: JsonPropertyName("nclue_model_name")] string NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string NclueModelStatus);

/// <summary>GET /tasks/{id} and list item (§1.8, D2, D3, D13).</summary>
public sealed record TaskView(
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("task_name")] string TaskName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("started_at")] string? StartedAt,
    [property: JsonPropertyName("completed_at")] string? CompletedAt,
    [property: JsonPropertyName("train_feature_id")] string TrainFeatureId,
    [property: JsonPropertyName("train_feature_name")] string TrainFeatureName,
    [property: JsonPropertyName("train_bucket")] string TrainBucket,
    [property: JsonPropertyName("train_file_path")] string TrainFilePath,
    [property: JsonPropertyName("test_feature_id")] string? TestFeatureId,
    [property: JsonPropertyName("test_feature_name")] string? TestFeatureName,
    [property: JsonPropertyName("test_bucket")] string? TestBucket,
    [property: JsonPropertyName("test_file_path")] string? TestFilePath,
    [property: JsonPropertyName("AUROC")] double? Auroc,
    [property: JsonPropertyName("line_count")] long? LineCount,
    [property: JsonPropertyName("disk_usage")] long? DiskUsage,
    [property: JsonPropertyName("fail_message")] string? FailMessage,
    [property: JsonPropertyName("fail_details")] string? FailDetails,
    [property: JsonPropertyName("progress")] int? Progress,
    [property: JsonPropertyName("progress_detail")] string? ProgressDetail,
    [property: JsonPropertyName("nclue_model_name")] string NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string NclueModelStatus)
{
    public static TaskView From(Listed<TaskRecord> item, TimeZoneClock clock)
    {
        var (t, job) = (item.Resource, item.Job);
        return new(t.Id, t.Name, job.Status, clock.Format(job.CreatedAt), clock.Format(job.StartedAt), clock.Format(job.CompletedAt),
            t.TrainFeatureId, t.TrainFeatureName, t.TrainBucket, t.TrainFilePath, t.TestFeatureId, t.TestFeatureName, t.TestBucket,
            t.TestFilePath, t.Auroc is { } a ? Math.Round(a, 4) : null, t.LineCount, t.DiskUsage, job.FailMessage, job.FailDetails, job.ShownProgress, job.ShownProgressDetail, t.ModelName,
            ModelCatalog.StatusOf(item));
    }
}

public sealed record TaskList(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("tasks")] IReadOnlyList<TaskView> Tasks);

public sealed record TaskDeleted([property: JsonPropertyName("task_id")] string TaskId);
