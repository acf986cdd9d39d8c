using System.Text.Json.Serialization;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.Features;

/// <summary>POST /features response (§1.7) plus the model fields of D13.</summary>
public sealed record FeatureCreated(
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("feature_name")] string FeatureName,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("source_bucket")] string SourceBucket,
    [property: JsonPropertyName("source_file_path")] string SourceFilePath,
    [property: JsonPropertyName("nclue_model_name")] string NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string NclueModelStatus);

/// <summary>GET /features/{id} and list item (§1.7, D2, D13).</summary>
public sealed record FeatureView(
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("feature_name")] string FeatureName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("started_at")] string? StartedAt,
    [property: JsonPropertyName("completed_at")] string? CompletedAt,
    [property: JsonPropertyName("source_bucket")] string SourceBucket,
    [property: JsonPropertyName("source_file_path")] string SourceFilePath,
    [property: JsonPropertyName("user_count")] long? UserCount,
    [property: JsonPropertyName("token_count")] long? TokenCount,
    [property: JsonPropertyName("disk_usage")] long? DiskUsage,
    [property: JsonPropertyName("fail_message")] string? FailMessage,
    [property: JsonPropertyName("fail_details")] string? FailDetails,
    [property: JsonPropertyName("progress")] int? Progress,
    [property: JsonPropertyName("progress_detail")] string? ProgressDetail,
    [property: JsonPropertyName("nclue_model_name")] string NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string NclueModelStatus)
{
    public static FeatureView From(Listed<FeatureRecord> item, TimeZoneClock clock)
    {
        var (f, job) = (item.Resource, item.Job);
        return new(f.Id, f.Name, job.Status, clock.Format(job.CreatedAt), clock.Format(job.StartedAt), clock.Format(job.CompletedAt),
            f.SourceBucket, f.SourceFilePath, f.UserCount, f.TokenCount, f.DiskUsage, job.FailMessage, job.FailDetails, job.ShownProgress, job.ShownProgressDetail, f.ModelName,
            ModelCatalog.StatusOf(item));
    }
}

public sealed record FeatureList(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("features")] IReadOnlyList<FeatureView> Features);

public sealed record FeatureDeleted([property: JsonPropertyName("feature_id")] string FeatureId);
