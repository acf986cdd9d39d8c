using System.Text.Json.Serialization;
using OpenClue.Modeling.Learning;

namespace OpenClue.Server.Nclue.Tasks;

/// <summary>The body of <c>GET /api/v1/tasks/{id}/report</c>.</summary>
public sealed record TaskReport(
    [property: JsonPropertyName("auroc")] double Auroc,
    [property: JsonPropertyName("roc")] IReadOnlyList<TaskReport.Point> Roc,
    [property: JsonPropertyName("top_positive")] IReadOnlyList<TaskReport.Weight> TopPositive,
    [property: JsonPropertyName("top_negative")] IReadOnlyList<TaskReport.Weight> TopNegative,
    [property: JsonPropertyName("train_users")] int TrainUsers,
    [property: JsonPropertyName("test_users")] int TestUsers,
    [property: JsonPropertyName("test_source")] string TestSource,
    [property: JsonPropertyName("refit_on_all")] bool RefitOnAll,
    [property: JsonPropertyName("model_family")] string ModelFamily,
    [property: JsonPropertyName("training_seconds")] double TrainingSeconds)
{
    public sealed record Point([property: JsonPropertyName("fpr")] double Fpr, [property: JsonPropertyName("tpr")] double Tpr,
        [property: JsonPropertyName("threshold")] double Threshold);

    public sealed record Weight([property: JsonPropertyName("kind")] string Kind, [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("weight")] double Value);

    public static TaskReport From(TaskTrainingResult r) => new(
        Math.Round(r.Auroc, 4),
        r.Roc.Select(p => new Point(Math.Round(p.Fpr, 6), Math.Round(p.Tpr, 6), Finite(p.Threshold))).ToList(),
        r.TopPositive.Select(w => new Weight(w.Kind, w.Name, Math.Round(w.Weight, 6))).ToList(),
        r.TopNegative.Select(w => new Weight(w.Kind, w.Name, Math.Round(w.Weight, 6))).ToList(),
        r.TrainUsers, r.TestUsers, r.TestSource, r.RefitOnAll, r.ModelFamily, Math.Round(r.TrainingSeconds, 3));

    /// <summary>JSON has no infinity: the (0,0) point's threshold above every score is reported as 1.</summary>
    private static double Finite(double threshold) => double.IsFinite(threshold) ? Math.Round(threshold, 6) : 1.0;
}
