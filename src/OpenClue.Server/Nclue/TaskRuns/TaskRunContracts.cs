using System.Text.Json.Serialization;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.TaskRuns;

/// <summary>POST /task-runs response (§1.9) plus D13's model fields.</summary>
public sealed record TaskRunCreated(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("run_name")] string RunName,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("task_name")] string TaskName,
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("feature_name")] string FeatureName,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("result_bucket")] string ResultBucket,
    [property: JsonPropertyName("result_file_path")] string ResultFilePath,
    [property: JsonPropertyName("nclue_model_name")] string NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string NclueModelStatus);

/// <summary>GET /task-runs/{id} and list item (§1.9, D2, D13, D19).</summary>
public sealed record TaskRunView(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("run_name")] string RunName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("task_name")] string TaskName,
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("feature_name")] string FeatureName,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("started_at")] string? StartedAt,
    [property: JsonPropertyName("completed_at")] string? CompletedAt,
    [property: JsonPropertyName("result_bucket")] string ResultBucket,
    [property: JsonPropertyName("result_file_path")] string ResultFilePath,
    [property: JsonPropertyName("line_count")] long? LineCount,
    [property: JsonPropertyName("fail_message")] string? FailMessage,
    [property: JsonPropertyName("fail_details")] string? FailDetails,
    [property: JsonPropertyName("progress")] int? Progress,
    [property: JsonPropertyName("progress_detail")] string? ProgressDetail,
    [property: JsonPropertyName("nclue_model_name")] string NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string NclueModelStatus)
{
    public static TaskRunView From(Listed<TaskRunRecord> item, TimeZoneClock clock)
    {
        var (r, job) = (item.Resource, item.Job);
        return new(r.Id, r.Name, job.Status, r.TaskId, r.TaskName, r.FeatureId, r.FeatureName, clock.Format(job.CreatedAt),
            clock.Format(job.StartedAt), clock.Format(job.CompletedAt), r.ResultBucket,
            job.Status == JobStatus.Completed && r.ResultKey is not null ? r.ResultKey : r.ResultFilePath, // D19
            r.LineCount, job.FailMessage, job.FailDetails, job.ShownProgress, job.ShownProgressDetail, r.ModelName, ModelCatalog.StatusOf(item));
    }
}

public sealed record TaskRunList(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("runs")] IReadOnlyList<TaskRunView> Runs);

public sealed record TaskRunDeleted([property: JsonPropertyName("run_id")] string RunId);
