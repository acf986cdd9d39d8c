using System.Text.Json.Serialization;

namespace OpenClue.Client.Contracts;

/// <summary>GET /tasks/{id}/report (OpenClue extension): how the task's model was trained and how well it ranks.</summary>
public sealed record TaskReport(
    [property: JsonPropertyName("auroc")] double? Auroc,
    [property: JsonPropertyName("roc")] IReadOnlyList<RocPoint>? Roc,
    [property: JsonPropertyName("top_positive")] IReadOnlyList<WeightedTerm>? TopPositive,
    [property: JsonPropertyName("top_negative")] IReadOnlyList<WeightedTerm>? TopNegative,
    [property: JsonPropertyName("train_users")] long? TrainUsers,
    [property: JsonPropertyName("test_users")] long? TestUsers,
    [property: JsonPropertyName("test_source")] string? TestSource,
    [property: JsonPropertyName("refit_on_all")] bool? RefitOnAll,
    [property: JsonPropertyName("model_family")] string? ModelFamily,
    [property: JsonPropertyName("training_seconds")] double? TrainingSeconds);

/// <summary>One point of the ROC curve on the test users.</summary>
public sealed record RocPoint(
    [property: JsonPropertyName("fpr")] double Fpr,
    [property: JsonPropertyName("tpr")] double Tpr,
    [property: JsonPropertyName("threshold")] double? Threshold);

/// <summary>A behaviour or token and its weight towards label 1 (positive) or label 0 (negative).</summary>
public sealed record WeightedTerm(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("weight")] double Weight);
