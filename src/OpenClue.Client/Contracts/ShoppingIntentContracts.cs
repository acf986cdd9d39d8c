using System.Text.Json.Serialization;

namespace OpenClue.Client.Contracts;

/// <summary>POST /profile/shopping-intents (§1.11): profile the target group of a completed task.</summary>
public sealed record CreateShoppingIntentRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("task_id")] string TaskId);

public sealed record ShoppingIntentCreated(
    [property: JsonPropertyName("profile_id")] string ProfileId,
    [property: JsonPropertyName("profile_name")] string ProfileName,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("task_name")] string? TaskName,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("nclue_model_name")] string? NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string? NclueModelStatus);

/// <summary>GET /profile/shopping-intents/{id} and a list item (§1.11).</summary>
public sealed record ShoppingIntentInfo(
    [property: JsonPropertyName("profile_id")] string ProfileId,
    [property: JsonPropertyName("profile_name")] string ProfileName,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("task_name")] string? TaskName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("started_at")] string? StartedAt,
    [property: JsonPropertyName("completed_at")] string? CompletedAt,
    [property: JsonPropertyName("line_count")] long? LineCount,
    [property: JsonPropertyName("disk_usage")] long? DiskUsage,
    [property: JsonPropertyName("fail_message")] string? FailMessage,
    [property: JsonPropertyName("nclue_model_name")] string? NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string? NclueModelStatus,
    [property: JsonPropertyName("fail_details")] string? FailDetails = null,
    [property: JsonPropertyName("progress")] int? Progress = null,
    [property: JsonPropertyName("progress_detail")] string? ProgressDetail = null) : IJobResource
{
    string IJobResource.Id => ProfileId;
    string IJobResource.Name => ProfileName;
}

public sealed record ShoppingIntentList(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("profiles")] IReadOnlyList<ShoppingIntentInfo> Profiles);
