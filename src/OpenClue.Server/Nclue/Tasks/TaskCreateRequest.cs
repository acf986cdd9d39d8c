using System.Text.Json.Serialization;

namespace OpenClue.Server.Nclue.Tasks;

public sealed record TaskCreateRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("train_feature_id")] string TrainFeatureId,
    [property: JsonPropertyName("train_bucket")] string TrainBucket,
    [property: JsonPropertyName("train_file_path")] string TrainFilePath,
    [property: JsonPropertyName("test_feature_id")] string? TestFeatureId = null,
    [property: JsonPropertyName("test_bucket")] string? TestBucket = null,
    [property: JsonPropertyName("test_file_path")] string? TestFilePath = null);
