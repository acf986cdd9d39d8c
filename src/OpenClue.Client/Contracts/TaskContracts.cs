using System.Text.Json.Serialization;

namespace OpenClue.Client.Contracts;

/// <summary>POST /tasks (§1.8). The three test_* fields are given together or not at all (D18).</summary>
public sealed record CreateTaskRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("train_feature_id")] string TrainFeatureId,
    [property: JsonPropertyName("train_bucket")] string TrainBucket,
    [property: JsonPropertyName("train_file_path")] string TrainFilePath,
    [property: JsonPropertyName("test_feature_id")] string? TestFeatureId = null,
    [property: JsonPropertyName("test_bucket")] string? TestBucket = null,
    [property: JsonPropertyName("test_file_path")] string? TestFilePath = null);

public sealed record TaskCreated(
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("task_name")] string TaskName,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("train_feature_id")] string TrainFeatureId,
    [property: JsonPropertyName("train_feature_name")] string? TrainFeatureName,
    [property: JsonPropertyName("train_bucket")] string TrainBucket,
    [property: JsonPropertyName("train_file_path")] string TrainFilePath,
    [property: JsonPropertyName("test_feature_id")] string? TestFeatureId,
    [property: JsonPropertyName("test_feature_name")] string? TestFeatureName,
    [property: JsonPropertyName("test_bucket")] string? TestBucket,
    [property: JsonPropertyName("test_file_path")] string? TestFilePath,
    [property: JsonPropertyName("nclue_model_name")] string? NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string? NclueModelStatus);

/// <summary>GET /tasks/{id} and a list item (§1.8, D2, D3, D13). <c>AUROC</c> is upper-case on the wire.</summary>
public sealed record TaskInfo(
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("task_name")] string TaskName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("started_at")] string? StartedAt,
    [property: JsonPropertyName("completed_at")] string? CompletedAt,
    [property: JsonPropertyName("train_feature_id")] string TrainFeatureId,
    [property: JsonPropertyName("train_feature_name")] string? TrainFeatureName,
    [property: JsonPropertyName("train_bucket")] string TrainBucket,
    [property: JsonPropertyName("train_file_path")] string TrainFilePath,
    [property: JsonPropertyName("test_feature_id")] string? TestFeatureId,
    [property: JsonPropertyName("test_feature_name")] string? TestFeatureName,
    [property: JsonPropertyName("test_bucket")] string? TestBucket,
    [property: JsonPropertyName("test_file_path")] string? TestFilePath,
    [property: JsonPropertyName("AUROC"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] double? Auroc,
    [property: JsonPropertyName("line_count")] long? LineCount,
    [property: JsonPropertyName("disk_usage")] long? DiskUsage,
    [property: JsonPropertyName("fail_message")] string? FailMessage,
    [property: JsonPropertyName("nclue_model_name")] string? NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string? NclueModelStatus,
    [property: JsonPropertyName("fail_details")] string? FailDetails = null,
    [property: JsonPropertyName("progress")] int? Progress = null,
    [property: JsonPropertyName("progress_detail")] string? ProgressDetail = null) : IJobResource
{
    string IJobResource.Id => TaskId;
    string IJobResource.Name => TaskName;
}

public sealed record TaskList(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("tasks")] IReadOnlyList<TaskInfo> Tasks);

public sealed record TaskDeleted([property: JsonPropertyName("task_id")] string TaskId);
