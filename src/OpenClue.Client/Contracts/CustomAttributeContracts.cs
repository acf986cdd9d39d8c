using System.Text.Json.Serialization;

namespace OpenClue.Client.Contracts;

/// <summary>
/// POST /profile/custom-attributes (§1.10): keywords separated by <c>\n</c>, at most 1,000 characters in all; a
/// <c>result_file_path</c> ending in <c>/</c> is a folder, otherwise a file-name prefix.
/// </summary>
public sealed record CreateCustomAttributesRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("keyword_set")] string KeywordSet,
    [property: JsonPropertyName("result_bucket")] string ResultBucket,
    [property: JsonPropertyName("result_file_path")] string ResultFilePath);

/// <summary>The POST response; <c>keyword_set</c> comes back comma-separated.</summary>
public sealed record CustomAttributesCreated(
    [property: JsonPropertyName("profile_id")] string ProfileId,
    [property: JsonPropertyName("profile_name")] string ProfileName,
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("feature_name")] string? FeatureName,
    [property: JsonPropertyName("keyword_set")] string KeywordSet,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("result_bucket")] string ResultBucket,
    [property: JsonPropertyName("result_file_path")] string ResultFilePath,
    [property: JsonPropertyName("nclue_model_name")] string? NclueModelName,
    [property: JsonPropertyName("nclue_model_status")] string? NclueModelStatus);

/// <summary>GET /profile/custom-attributes/{id} and a list item; once completed, <c>result_file_path</c> is the final object key (D19).</summary>
public sealed record CustomAttributesInfo(
    [property: JsonPropertyName("profile_id")] string ProfileId,
    [property: JsonPropertyName("profile_name")] string ProfileName,
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("feature_name")] string? FeatureName,
    [property: JsonPropertyName("keyword_set")] string KeywordSet,
    [property: JsonPropertyName("status")] string Status,
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
    string IJobResource.Id => ProfileId;
    string IJobResource.Name => ProfileName;
}

public sealed record CustomAttributesList(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("profiles")] IReadOnlyList<CustomAttributesInfo> Profiles);

/// <summary>DELETE response of both profile kinds.</summary>
public sealed record ProfileDeleted([property: JsonPropertyName("profile_id")] string ProfileId);
