using System.Text.Json.Serialization;

namespace OpenClue.Client.Contracts;

/// <summary>POST /task-runs (§1.9). A <c>result_file_path</c> ending in <c>/</c> is a folder, otherwise a file-name prefix.</summary>
public sealed record CreateTaskRunRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("result_bucket")] string ResultBucket,
    [property: JsonPropertyName("result_file_path")] string ResultFilePath);

public sealed record TaskRunCreated(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("run_name")] string RunName,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("task_name")] string? TaskName,
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("feature_name")] string? FeatureName,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("result_bucket")] string ResultBucket,
    [property: JsonPropertyName("result_file_path")] string ResultFilePath,
    [property: JsonPropertyName("nclue_model_name")] string? NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string? NclueModelStatus);

/// <summary>GET /task-runs/{id} and a list item (§1.9, D19): once completed, <c>result_file_path</c> is the final object key.</summary>
public sealed record TaskRunInfo(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("run_name")] string RunName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("task_name")] string? TaskName,
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("feature_name")] string? FeatureName,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("started_at")] string? StartedAt,
    [property: JsonPropertyName("completed_at")] string? CompletedAt,
    [property: JsonPropertyName("result_bucket")] string ResultBucket,
    [property: JsonPropertyName("result_file_path")] string ResultFilePath,
    [property: JsonPropertyName("line_count")] long? LineCount,
    [property: JsonPropertyName("fail_message")] string? FailMessage,
    [property: JsonPropertyName("nclue_model_name")] string? NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string? NclueModelStatus,
    [property: JsonPropertyName("fail_details")] string? FailDetails = null,
    [property: JsonPropertyName("progress")] int? Progress = null,
    [property: JsonPropertyName("progress_detail")] string? ProgressDetail = null) : IJobResource
{
    string IJobResource.Id => RunId;
    string IJobResource.Name => RunName;
}

public sealed record TaskRunList(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("runs")] IReadOnlyList<TaskRunInfo> Runs);

public sealed record TaskRunDeleted([property: JsonPropertyName("run_id")] string RunId);
