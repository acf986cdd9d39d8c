using System.Text.Json.Serialization;

namespace OpenClue.Server.Api.Contracts;

// The POST bodies, for the OpenAPI description. Bodies are read by JsonRequestBody (any Content-Type, D1),
// which gives field-precise errors; these records document the shape.

public sealed record FeatureCreateRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("source_bucket")] string SourceBucket,
    [property: JsonPropertyName("source_file_path")] string SourceFilePath);

public sealed record TaskCreateRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("train_feature_id")] string TrainFeatureId,
    [property: JsonPropertyName("train_bucket")] string TrainBucket,
    [property: JsonPropertyName("train_file_path")] string TrainFilePath,
    [property: JsonPropertyName("test_feature_id")] string? TestFeatureId = null,
    [property: JsonPropertyName("test_bucket")] string? TestBucket = null,
    [property: JsonPropertyName("test_file_path")] string? TestFilePath = null);

public sealed record TaskRunCreateRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("result_bucket")] string ResultBucket,
    [property: JsonPropertyName("result_file_path")] string ResultFilePath);
