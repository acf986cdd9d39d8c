using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>What <see cref="TaskTrainer"/> produced: the model bytes, its test AUROC and ROC, and its explanation.</summary>
public sealed record TaskTrainingResult(byte[] Model, double Auroc, IReadOnlyList<RocPoint> Roc, IReadOnlyList<FeatureWeight> TopPositive,
    IReadOnlyList<FeatureWeight> TopNegative, int TrainUsers, int TestUsers, string TestSource, bool RefitOnAll, string ModelFamily)
{
    /// <summary>Wall time of <see cref="TaskTrainer.Train(string, Func{FeatureSetReader}, IReadOnlyDictionary{string, byte}, Func{FeatureSetReader}?, IReadOnlyDictionary{string, byte}?, CancellationToken)"/>.</summary>
    public double TrainingSeconds { get; init; }

    /// <summary>Mean out-of-fold AUROC of the chosen model on the training users (model selection), for logs.</summary>
    public double ValidationAuroc { get; init; }

    /// <summary>Human-readable summary of the selection (C, rounds, blend weight), for logs.</summary>
    public string Description { get; init; } = "";
}
