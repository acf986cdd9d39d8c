using System.Diagnostics;
using System.Security.Cryptography;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// Trains a task (see MODELING.md) in named steps: <see cref="TaskLabelJoin"/> (labels joined to the feature files,
/// D16/D18), then on the training users only, one <see cref="SelectionRound"/> (or several on small training sets,
/// averaged by <see cref="RepeatedSelection"/>): <see cref="SelectionSample"/> (the CV sample and its folds),
/// <see cref="LinearPath"/> (C of the sparse + dense L2 logistic regression by cross-validation), <see cref="FoldedGbdt"/>
/// (trees on the dense part, early-stopped in the same folds), <see cref="LinearRefit"/> (the linear model on all
/// training users); then <see cref="BlendSelection"/> (linear, trees or a blend by out-of-fold AUROC),
/// <see cref="PlattCalibration"/>, and <see cref="TaskEvaluation"/> on the test users. The stored model is exactly the one measured (no refit
/// on the test users). Deterministic for a seed: identical model bytes on the same machine.
/// </summary>
public sealed class TaskTrainer
{
    public const int MinTrainPerClass = 100, MinTestPerClass = 10;
    public const string ExplicitTest = "explicit", HoldoutTest = "holdout";
    public const int TopFeatures = 20;

    public TaskTrainer(int seed) => Seed = seed;

    public int Seed { get; }

    /// <summary>A seed derived from the task id (first 4 bytes of its SHA-256).</summary>
    public static int SeedFromTaskId(string taskId) => BitConverter.ToInt32(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(taskId)));

    public IReadOnlyList<double> CGrid { get; init; } = [1.0 / 1024, 1.0 / 128, 1.0 / 16, 0.5, 4, 32, 256];
    public int Folds { get; init; } = 3;
    /// <summary>Training sets of at most <see cref="MaxRepeatedSelectionUsers"/> users run model selection this many times on
    /// differently seeded folds and average the rounds' models (<see cref="RepeatedSelection"/>): on a few hundred users one
    /// 3-fold split moves the chosen model with the seed.</summary>
    public int SelectionRounds { get; init; } = 3;
    /// <summary>The largest training set whose selection is repeated (<see cref="SelectionRounds"/>); larger sets run one
    /// round, so their training cost is unchanged.</summary>
    public int MaxRepeatedSelectionUsers { get; init; } = 2_000;
    /// <summary>Set false to train the linear model only.</summary>
    public bool EnableTrees { get; init; } = true;
    /// <summary>Model selection (CV over C, trees, blend, calibration) uses a seeded sample of at most this many training users.</summary>
    public int MaxSelectionUsers { get; init; } = 12_000;
    /// <summary>With an explicit test set, the model is fitted on a seeded sample of about this many of the training users
    /// (<see cref="FitSample"/>), the only ones held in memory: on the generator, 30k, 100k and 300k training users give
    /// the same test AUROC (bench/results/perf-findings.md), while memory and the refit grow with every user held.</summary>
    public int MaxFitUsers { get; init; } = 100_000;
    /// <summary>The fit sample keeps about this many users of the rarer class, at least (where it has them).</summary>
    public int MinFitUsersPerClass { get; init; } = 5_000;
    /// <summary>Whether the naive-Bayes evidence scaling of the sparse columns' L2 penalty (see
    /// <see cref="LinearDesign.EvidencePenalty"/>) is a candidate beside the plain penalty (<see cref="PenaltySelection"/>).</summary>
    public bool EvidenceWeighting { get; init; } = true;
    /// <summary>Pseudo-count of the evidence scaling's naive-Bayes ratio.</summary>
    public double EvidenceSmoothing { get; init; } = 1;
    /// <summary>Bit k set: sparse ids of kind k are columns of the linear model.</summary>
    public int LinearKinds { get; init; } = LinearSettings.AllKinds;
    /// <summary>L2 penalty factor per sparse kind (a block weight β is a factor 1/β²); missing kinds 1.</summary>
    public IReadOnlyList<double> KindPenalty { get; init; } = DefaultKindPenalty;

    /// <summary>The recent blocks (the 10 newest behaviours, kinds 2 and 3) at half the weight of the others: at full weight
    /// a few users' recent one-off behaviours took the strongest weights on real data (MODELING.md, "Real data").</summary>
    public static readonly IReadOnlyList<double> DefaultKindPenalty = [1, 1, 4, 4, 1];
    /// <summary>An explicit test set of more labelled users than this is scored in a second pass over its features
    /// instead of being held in memory.</summary>
    public int MaxTestUsersInMemory { get; init; } = 50_000;

    public TaskTrainingResult Train(string taskId, Func<FeatureSetReader> openTrainFeatures, IReadOnlyDictionary<string, byte> trainLabels,
        Func<FeatureSetReader>? openTestFeatures, IReadOnlyDictionary<string, byte>? testLabels, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(openTrainFeatures);
        return Train(taskId, [openTrainFeatures], trainLabels, openTestFeatures is null ? null : [openTestFeatures], testLabels, ct);
    }

    /// <summary>As the single-file overload, for features stored as several shards (read in order).</summary>
    public TaskTrainingResult Train(string taskId, IReadOnlyList<Func<FeatureSetReader>> trainShards, IReadOnlyDictionary<string, byte> trainLabels,
        IReadOnlyList<Func<FeatureSetReader>>? testShards, IReadOnlyDictionary<string, byte>? testLabels, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        ArgumentNullException.ThrowIfNull(trainShards);
        ArgumentNullException.ThrowIfNull(trainLabels);
        if (testShards is not null && testLabels is null) throw new ArgumentException("test features given without test labels", nameof(testShards));
        var clock = Stopwatch.StartNew();
        TaskLabelJoin joined = TaskLabelJoin.Run(taskId, trainShards, trainLabels, testShards, testLabels, MaxTestUsersInMemory, MaxFitUsers, MinFitUsersPerClass, Seed, ct);
        (TaskModel model, LinearRefit linear, double validationAuroc, string description) = Fit(joined.Train, joined.FitRows, joined.ModelName, ct);
        TaskEvaluation evaluation = TaskEvaluation.Run(model, joined, testShards ?? trainShards, testLabels, ct);
        (List<FeatureWeight> positive, List<FeatureWeight> negative) = TaskExplanation.Explain(linear.Design, linear.Parameters, joined.Names);
        return new TaskTrainingResult(model.Serialize(), evaluation.Auroc, evaluation.Roc, positive, negative, joined.TrainUsersFound, evaluation.Users,
            testLabels is null ? HoldoutTest : ExplicitTest, RefitOnAll: false, model.ModelFamily)
        {
            TrainingSeconds = clock.Elapsed.TotalSeconds,
            ValidationAuroc = validationAuroc,
            Description = description,
        };
    }

    /// <summary>Model selection on a sample of <paramref name="rows"/> of <paramref name="data"/> (training users only), then the refit.</summary>
    private (TaskModel Model, LinearRefit Linear, double ValidationAuroc, string Description) Fit(TaskData data, int[] rows, string modelName, CancellationToken ct)
    {
        // oc-hash-1's dense vector is a signed hashing of the very ids of the sparse part: the linear model skips it.
        bool linearDense = modelName != Encoding.HashBehaviorEncoder.Name;
        var linearSettings = new LinearSettings { Kinds = LinearKinds, KindPenalty = KindPenalty, EvidenceWeighting = false, EvidenceSmoothing = EvidenceSmoothing };
        var options = new SelectionOptions(linearSettings, CGrid, Folds, MaxSelectionUsers, EvidenceWeighting, linearDense, EnableTrees);
        int rounds = rows.Length <= Math.Min(MaxRepeatedSelectionUsers, MaxSelectionUsers) ? Math.Max(1, SelectionRounds) : 1;
        RepeatedSelection selection = RepeatedSelection.Run(data, rows, options, rounds, Seed, ct);
        SelectionRound first = selection.Rounds[0];
        byte[] labels = first.Design.Labels;
        BlendSelection blend = BlendSelection.ChooseOverRounds(selection.RoundOutOfFold, selection.LinearOutOfFold, selection.TreesOutOfFold, labels);
        (double plattA, double plattB) = PlattCalibration.Fit(blend.Combine(selection.LinearOutOfFold, selection.TreesOutOfFold), labels);
        LinearRefit refit = selection.Linear;
        TaskModel model = Assemble(modelName, data.Dimension, refit, blend.Alpha < 1 ? selection.Trees : [], blend, plattA, plattB);
        int treeCount = blend.Alpha < 1 ? selection.Trees.Count : 0;
        string cs = string.Join("/", selection.Rounds.Select(r => r.Path.C.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        string penalties = string.Join("/", selection.Rounds.Select(r => r.Path.Settings.EvidenceWeighting ? "evidence" : "plain"));
        double linearSeconds = selection.Rounds.Sum(r => r.LinearSeconds), treeSeconds = selection.Rounds.Sum(r => r.TreeSeconds);
        double refitSeconds = selection.Rounds.Sum(r => r.RefitSeconds);
        int pathIterations = selection.Rounds.Sum(r => r.PathIterations);
        string description = $"{model.ModelFamily}: C={cs} of {first.Path.Tried} tried, {penalties} penalty (cv AUROC {blend.LinearAuroc:F4}), trees={treeCount}, alpha={blend.Alpha}, oof AUROC {blend.Auroc:F4}, {rounds} selection round(s); cv linear {linearSeconds:F1}s ({pathIterations} L-BFGS iterations, refit {refit.Passes} passes, {refit.Design.ParameterCount} parameters, {refit.Design.NonZeros} non-zeros), trees {treeSeconds:F1}s, refit {refitSeconds:F1}s (design {refit.DesignSeconds:F1}s)";
        return (model, refit, blend.Auroc, description);
    }

    private static TaskModel Assemble(string modelName, int dimension, LinearRefit refit, List<GbdtTree> trees, BlendSelection blend, double plattA, double plattB)
    {
        double alpha = blend.Alpha;
        LinearDesign design = refit.Design;
        double[] linear = refit.Parameters;
        int sparse = design.SparseColumns;
        return new TaskModel
        {
            ModelFamily = alpha == 1 ? TaskModels.LogisticRegression : alpha == 0 ? TaskModels.Gbdt : TaskModels.Blend,
            FeatureModelName = modelName, Dimension = dimension,
            SparseIds = alpha > 0 ? design.ColumnIds : [],
            SparseWeights = alpha > 0 ? linear.Take(sparse).Select(v => (float)v).ToArray() : [],
            SparseIdf = alpha > 0 ? design.Idf : [],
            DenseMean = alpha > 0 ? design.Mean : [], DenseScale = alpha > 0 ? design.Scale : [],
            DenseWeights = alpha > 0 ? linear.Skip(sparse).Take(design.DenseColumns).Select(v => (float)v).ToArray() : [],
            Bias = linear[^1], Trees = trees, Alpha = alpha, SdLinear = blend.SdLinear, SdTrees = blend.SdTrees, PlattA = plattA, PlattB = plattB,
        };
    }
}
