using System.Text.Json.Serialization;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>POST /profile/shopping-intents response (§1.11) plus D13's model fields.</summary>
public sealed record ShoppingIntentCreated(
    [property: JsonPropertyName("profile_id")] string ProfileId,
    [property: JsonPropertyName("profile_name")] string ProfileName,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("task_name")] string TaskName,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("nclue_model_name")] string NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string NclueModelStatus);

/// <summary>GET /profile/shopping-intents/{id} and list item (§1.11, D2, D13, D21).</summary>
public sealed record ShoppingIntentView(
    [property: JsonPropertyName("profile_id")] string ProfileId,
    [property: JsonPropertyName("profile_name")] string ProfileName,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("task_name")] string TaskName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("started_at")] string? StartedAt,
    [property: JsonPropertyName("completed_at")] string? CompletedAt,
    [property: JsonPropertyName("line_count")] long? LineCount,
    [property: JsonPropertyName("disk_usage")] long? DiskUsage,
    [property: JsonPropertyName("fail_message")] string? FailMessage,
    [property: JsonPropertyName("fail_details")] string? FailDetails,
    [property: JsonPropertyName("progress")] int? Progress,
    [property: JsonPropertyName("progress_detail")] string? ProgressDetail,
    [property: JsonPropertyName("nclue_model_name")] string NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string NclueModelStatus)
{
    public static ShoppingIntentView From(Listed<ShoppingIntentProfileRecord> item, TimeZoneClock clock)
    {
        var (p, job) = (item.Resource, item.Job);
        return new(p.Id, p.Name, p.TaskId, p.TaskName, job.Status, clock.Format(job.CreatedAt)!, clock.Format(job.StartedAt),
            clock.Format(job.CompletedAt), p.LineCount, p.DiskUsage, job.FailMessage, job.FailDetails, job.ShownProgress, job.ShownProgressDetail, p.ModelName, ModelCatalog.StatusOf(item));
    }
}

public sealed record ShoppingIntentList(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("profiles")] IReadOnlyList<ShoppingIntentView> Profiles);
