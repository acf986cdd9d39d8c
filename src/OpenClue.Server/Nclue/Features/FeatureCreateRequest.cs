using System.Text.Json.Serialization;

namespace OpenClue.Server.Nclue.Features;

public sealed record FeatureCreateRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("source_bucket")] string SourceBucket,
    [property: JsonPropertyName("source_file_path")] string SourceFilePath);
