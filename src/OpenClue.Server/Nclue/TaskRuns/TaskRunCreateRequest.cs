using System.Text.Json.Serialization;

namespace OpenClue.Server.Nclue.TaskRuns;

public sealed record TaskRunCreateRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("result_bucket")] string ResultBucket,
    [property: JsonPropertyName("result_file_path")] string ResultFilePath);
