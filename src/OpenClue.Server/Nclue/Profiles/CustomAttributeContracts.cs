using System.Text.Json.Serialization;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>POST /profile/custom-attributes response (§1.10) plus D13's model fields.</summary>
public sealed record CustomAttributesCreated(
    [property: JsonPropertyName("profile_id")] string ProfileId,
    [property: JsonPropertyName("profile_name")] string ProfileName,
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("feature_name")] string FeatureName,
    [property: JsonPropertyName("keyword_set")] string KeywordSet,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("result_bucket")] string ResultBucket,
    [property: JsonPropertyName("result_file_path")] string ResultFilePath,
    [property: JsonPropertyName("nclue_model_name")] string NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string NclueModelStatus);

/// <summary>GET /profile/custom-attributes/{id} and list item (§1.10, D2, D13, D19).</summary>
public sealed record CustomAttributesView(
    [property: JsonPropertyName("profile_id")] string ProfileId,
    [property: JsonPropertyName("profile_name")] string ProfileName,
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("feature_name")] string FeatureName,
    [property: JsonPropertyName("keyword_set")] string KeywordSet,
    [property: JsonPropertyName("status")] string Status,
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
    public static CustomAttributesView From(Listed<CustomAttributeProfileRecord> item, TimeZoneClock clock)
    {
        var (p, job) = (item.Resource, item.Job);
        return new(p.Id, p.Name, p.FeatureId, p.FeatureName, StoredKeywords.ToCommaSeparated(p.KeywordSet), job.Status,
            clock.Format(job.CreatedAt)!, clock.Format(job.StartedAt), clock.Format(job.CompletedAt), p.ResultBucket,
            job.Status == JobStatus.Completed && p.ResultKey is not null ? p.ResultKey : p.ResultFilePath, // D19
            p.LineCount, job.FailMessage, job.FailDetails, job.ShownProgress, job.ShownProgressDetail, p.ModelName, ModelCatalog.StatusOf(item));
    }
}

public sealed record CustomAttributesList(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("profiles")] IReadOnlyList<CustomAttributesView> Profiles);

/// <summary>DELETE response of both profile kinds (§1.5).</summary>
public sealed record ProfileDeleted([property: JsonPropertyName("profile_id")] string ProfileId);
