using System.Text.Json.Serialization;

namespace OpenClue.Server.Nclue.Models;

public sealed record ModelCreated(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("created_at")] string CreatedAt,
    [property: JsonPropertyName("source_bucket")] string SourceBucket,
    [property: JsonPropertyName("source_file_path")] string SourceFilePath);

/// <summary>A built-in or learned NCLUE model (extension endpoints of the model issue).</summary>
public sealed record ModelView(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("nclue_model_status")] string NclueModelStatus,
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
    [property: JsonPropertyName("fail_details")] string? FailDetails,
    [property: JsonPropertyName("progress")] int? Progress,
    [property: JsonPropertyName("progress_detail")] string? ProgressDetail);

public sealed record ModelList(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("models")] IReadOnlyList<ModelView> Models);
