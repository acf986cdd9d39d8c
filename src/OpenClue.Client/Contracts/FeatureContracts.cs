using System.Text.Json.Serialization;

namespace OpenClue.Client.Contracts;

/// <summary>POST /features (§1.7). <paramref name="NclueModelName"/> is OpenClue's optional extension (D13).</summary>
public sealed record CreateFeatureRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("source_bucket")] string SourceBucket,
    [property: JsonPropertyName("source_file_path")] string SourceFilePath,
    [property: JsonPropertyName("nclue_model_name")] string? NclueModelName = null);

public sealed record FeatureCreated(
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("feature_name")] string FeatureName,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("source_bucket")] string SourceBucket,
    [property: JsonPropertyName("source_file_path")] string SourceFilePath,
    [property: JsonPropertyName("nclue_model_name")] string? NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string? NclueModelStatus);

/// <summary>GET /features/{id} and a list item (§1.7, D2, D13).</summary>
public sealed record FeatureInfo(
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
    [property: JsonPropertyName("nclue_model_name")] string? NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string? NclueModelStatus,
    [property: JsonPropertyName("fail_details")] string? FailDetails = null,
    [property: JsonPropertyName("progress")] int? Progress = null,
    [property: JsonPropertyName("progress_detail")] string? ProgressDetail = null) : IJobResource
{
    string IJobResource.Id => FeatureId;
    string IJobResource.Name => FeatureName;
}

public sealed record FeatureList(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("features")] IReadOnlyList<FeatureInfo> Features);

public sealed record FeatureDeleted([property: JsonPropertyName("feature_id")] string FeatureId);
