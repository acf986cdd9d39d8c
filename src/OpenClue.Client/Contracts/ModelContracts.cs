using System.Text.Json.Serialization;

namespace OpenClue.Client.Contracts;

/// <summary>POST /models (OpenClue extension): pretrain a behaviour model from a sequence dataset.</summary>
public sealed record CreateModelRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("source_bucket")] string SourceBucket,
    [property: JsonPropertyName("source_file_path")] string SourceFilePath);

public sealed record ModelCreated(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("source_bucket")] string SourceBucket,
    [property: JsonPropertyName("source_file_path")] string SourceFilePath);

/// <summary>A built-in or learned NCLUE model a tenant can build features with.</summary>
public sealed record ModelInfo(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("nclue_model_status")] string? NclueModelStatus,
    [property: JsonPropertyName("built_in")] bool BuiltIn,
    [property: JsonPropertyName("default")] bool Default,
    [property: JsonPropertyName("dimension")] int? Dimension,
    [property: JsonPropertyName("vocabulary_size")] int? VocabularySize,
    [property: JsonPropertyName("source_bucket")] string? SourceBucket,
    [property: JsonPropertyName("source_file_path")] string? SourceFilePath,
    [property: JsonPropertyName("created_at")] string? CreatedAt,
    [property: JsonPropertyName("started_at")] string? StartedAt,
    [property: JsonPropertyName("completed_at")] string? CompletedAt,
    [property: JsonPropertyName("fail_message")] string? FailMessage,
    [property: JsonPropertyName("fail_details")] string? FailDetails = null,
    [property: JsonPropertyName("progress")] int? Progress = null,
    [property: JsonPropertyName("progress_detail")] string? ProgressDetail = null) : IJobResource
{
    string IJobResource.Id => ModelName;
    string IJobResource.Name => ModelName;
}

public sealed record ModelList(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("models")] IReadOnlyList<ModelInfo> Models);
