using System.Diagnostics;
using System.Security.Cryptography;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

public sealed record RocPoint(double Fpr, double Tpr, double Threshold);

/// <summary>A named sparse feature of the linear part and its weight. Kind is <c>behavior</c> or <c>token</c>.</summary>
public sealed record FeatureWeight(string Kind, string Name, double Weight);

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

/// <summary>
/// Trains a task (see MODELING.md): labels joined to the feature set in one streaming pass per file, the D16/D18 rules,
/// then on the training users only: a sparse + dense L2 logistic regression with C chosen by stratified 3-fold
/// cross-validation, and histogram GBDT on the dense part with early stopping in the same folds; the linear model, the
/// trees or a blend of both is chosen by out-of-fold AUROC, calibrated (Platt) on the out-of-fold scores, and refit
/// on all training users. The stored model is exactly the one measured on the test users (no refit on them).
/// Deterministic for a seed: identical model bytes on the same machine.
/// </summary>
public sealed class TaskTrainer
{
    public const int MinTrainPerClass = 100, MinTestPerClass = 10;
    public const string ExplicitTest = "explicit", HoldoutTest = "holdout";
    public const int TopFeatures = 20;
    private const int MaxRocPoints = 201;
    /// <summary>A more complex candidate must beat the linear model's out-of-fold AUROC by this much to be chosen.</summary>
    private const double ComplexityMargin = 0.001;

    public TaskTrainer(int seed) => Seed = seed;

    public int Seed { get; }

    /// <summary>A seed derived from the task id (first 4 bytes of its SHA-256).</summary>
    public static int SeedFromTaskId(string taskId) => BitConverter.ToInt32(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(taskId)));

    public IReadOnlyList<double> CGrid { get; init; } = [1.0 / 1024, 1.0 / 128, 1.0 / 16, 0.5, 4, 32, 256];
    public int Folds { get; init; } = 3;
    /// <summary>Set false to train the linear model only.</summary>
    public bool EnableTrees { get; init; } = true;
    /// <summary>Model selection (CV over C, trees, blend, calibration) uses a seeded sample of at most this many training users.</summary>
    public int MaxSelectionUsers { get; init; } = 12_000;
    /// <summary>Naive-Bayes evidence scaling of the sparse columns' L2 penalty (see <see cref="LinearDesign.EvidencePenalty"/>).</summary>
    public bool EvidenceWeighting { get; init; } = true;
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

        // D16: a user in both label files is kept in test only.
        Func<string, bool> inTrain = testLabels is null ? trainLabels.ContainsKey : id => trainLabels.ContainsKey(id) && !testLabels.ContainsKey(id);
        // Each shard's names table as read (not copied: up to 2M strings); explanations look up a few dozen.
        var names = new List<IReadOnlyDictionary<uint, string>>();
        string? modelName = null;
        int dimension = 0;
        TaskData? train = null, test = null;
        // A large explicit test set is not held in memory: its users are counted now and scored in a second pass.
        bool streamTest = testLabels is not null && testLabels.Count > MaxTestUsersInMemory;
        var testClassCounts = new int[2];
        foreach (Func<FeatureSetReader> open in trainShards)
        {
            using FeatureSetReader reader = open();
            Check(reader, ref modelName, ref dimension);
            train ??= new TaskData(dimension);
            if (testLabels is not null && testShards is null && !streamTest) test ??= new TaskData(dimension);
            var user = new UserFeatures();
            long n = 0;
            while (reader.TryRead(user))
            {
                if ((++n & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
                if (testLabels is not null && testShards is null && testLabels.TryGetValue(user.UserId, out byte tl))
                {
                    if (streamTest) testClassCounts[tl]++;
                    else test!.Add(user, tl);
                }
                else if (inTrain(user.UserId)) train.Add(user, trainLabels[user.UserId]);
            }
            names.Add(reader.FeatureNames);
        }
        if (train is null) throw new ArgumentException("no train feature shard", nameof(trainShards));
        if (testShards is not null)
        {
            if (!streamTest) test = new TaskData(dimension);
            foreach (Func<FeatureSetReader> open in testShards)
            {
                using FeatureSetReader reader = open();
                Check(reader, ref modelName, ref dimension);
                var user = new UserFeatures();
                while (reader.TryRead(user))
                {
                    if (!testLabels!.TryGetValue(user.UserId, out byte tl)) continue;
                    if (streamTest) testClassCounts[tl]++;
                    else test!.Add(user, tl);
                }
                names.Add(reader.FeatureNames);
            }
        }
        Require(train.CountLabel(0), train.CountLabel(1), MinTrainPerClass, "train");
        if (test is not null) Require(test.CountLabel(0), test.CountLabel(1), MinTestPerClass, "test");
        if (streamTest) Require(testClassCounts[0], testClassCounts[1], MinTestPerClass, "test");
        ct.ThrowIfCancellationRequested();

        int[] fitRows;
        if (testLabels is null)
        {
            bool[] heldOut = HoldoutSplit.SelectHeldOut(taskId, train.UserIds, train.Labels.AsSpan(0, train.Count).ToArray());
            fitRows = Enumerable.Range(0, train.Count).Where(i => !heldOut[i]).ToArray();
            test = train;
            test.Keep = heldOut;
        }
        else fitRows = Enumerable.Range(0, train.Count).ToArray();

        (TaskModel model, double cvAuroc, string description, LinearDesign design, double[] linear) =
            Fit(train, fitRows, modelName!, dimension, ct);

        var scores = new List<float>();
        var labels = new List<byte>();
        var evaluated = new UserFeatures { Dense = new float[dimension] };
        var scratch = new float[4096];
        if (streamTest)
        {
            foreach (Func<FeatureSetReader> open in testShards ?? trainShards)
            {
                using FeatureSetReader reader = open();
                long n = 0;
                while (reader.TryRead(evaluated))
                {
                    if ((++n & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
                    if (!testLabels!.TryGetValue(evaluated.UserId, out byte tl)) continue;
                    scores.Add((float)model.Probability(evaluated, scratch));
                    labels.Add(tl);
                }
            }
        }
        else
        {
            for (int i = 0; i < test!.Count; i++)
            {
                if (test.Keep is not null && !test.Keep[i]) continue;
                Load(test, i, evaluated);
                scores.Add((float)model.Probability(evaluated, scratch));
                labels.Add(test.Labels[i]);
            }
        }
        float[] testScores = scores.ToArray();
        byte[] testLabelArray = labels.ToArray();
        double auroc = Auroc.Compute(testScores, testLabelArray);
        (List<FeatureWeight> positive, List<FeatureWeight> negative) = Explain(design, linear, names);
        return new TaskTrainingResult(model.Serialize(), auroc, Roc(testScores, testLabelArray), positive, negative, fitRows.Length, testScores.Length,
            testLabels is null ? HoldoutTest : ExplicitTest, RefitOnAll: false, model.ModelFamily)
        {
            TrainingSeconds = clock.Elapsed.TotalSeconds,
            ValidationAuroc = cvAuroc,
            Description = description,
        };
    }

    private static void Check(FeatureSetReader reader, ref string? modelName, ref int dimension)
    {
        if (modelName is null)
        {
            modelName = reader.ModelName;
            dimension = reader.Dimension;
        }
        else if (reader.ModelName != modelName || reader.Dimension != dimension)
            throw new InvalidOperationException($"Feature sets of different NCLUE models ('{modelName}' and '{reader.ModelName}') cannot be mixed.");
    }

    private static void Require(int negatives, int positives, int minimum, string which)
    {
        if (negatives < minimum || positives < minimum)
            throw new DatasetException(FailMessages.NumOfLabelInsufficient, null, 0,
                $"The {which} set has {negatives} users labelled 0 and {positives} labelled 1 present in its feature; {minimum} of each are needed");
    }

    internal static void Load(TaskData data, int row, UserFeatures user)
    {
        if (user.Dense.Length != data.Dimension) user.Dense = new float[data.Dimension];
        data.DenseRow(row, user.Dense);
        ReadOnlySpan<uint> ids = data.IdsOf(row);
        if (user.SparseIdBuffer.Length < ids.Length)
        {
            user.SparseIdBuffer = new uint[ids.Length];
            user.SparseCountBuffer = new byte[ids.Length];
        }
        ids.CopyTo(user.SparseIdBuffer);
        data.CountsOf(row).CopyTo(user.SparseCountBuffer);
        user.SparseLength = ids.Length;
        user.UserId = data.UserIds[row];
    }

    /// <summary>Model selection and refit on <paramref name="rows"/> of <paramref name="data"/> (training users only).</summary>
    private (TaskModel Model, double CvAuroc, string Description, LinearDesign Design, double[] Linear) Fit(
        TaskData data, int[] rows, string modelName, int dimension, CancellationToken ct)
    {
        // oc-hash-1's dense vector is a signed hashing of the very ids of the sparse part: the linear model skips it.
        var phase = Stopwatch.StartNew();
        Iterations = 0;
        bool linearDense = modelName != Encoding.HashBehaviorEncoder.Name;
        int n = rows.Length;
        // Model selection runs on at most MaxSelectionUsers of the training users (a seeded sample, with its own design
        // matrix); the final linear model is refit on all of them, so selection cost stays bounded.
        int[] cvPos = Enumerable.Range(0, n).ToArray();
        if (n > MaxSelectionUsers)
        {
            var rng = new Random(Seed ^ 0x5EED);
            double keep = (double)MaxSelectionUsers / n;
            cvPos = Enumerable.Range(0, n).Where(_ => rng.NextDouble() < keep).ToArray();
        }
        int m = cvPos.Length;
        int[] sampled = cvPos.Select(q => rows[q]).ToArray();
        int[] foldOfSampled = StratifiedFolds.Assign(sampled.Select(r => data.Labels[r]).ToArray(), Folds, Seed);
        // The sample ordered by fold (stable): each fold is a contiguous range of design positions, which the fits skip.
        var foldStart = new int[Folds + 1];
        var positionsOf = new int[Folds][];
        var trainOf = new int[Folds][];
        var cvRowsList = new List<int>(m);
        for (int f = 0; f < Folds; f++)
        {
            foldStart[f] = cvRowsList.Count;
            for (int k = 0; k < m; k++) if (foldOfSampled[k] == f) cvRowsList.Add(sampled[k]);
            foldStart[f + 1] = cvRowsList.Count;
            positionsOf[f] = Enumerable.Range(foldStart[f], foldStart[f + 1] - foldStart[f]).ToArray();
        }
        for (int f = 0; f < Folds; f++) trainOf[f] = Enumerable.Range(0, m).Where(k => k < foldStart[f] || k >= foldStart[f + 1]).ToArray();
        int[] cvRows = cvRowsList.ToArray();
        LinearDesign cvDesign = LinearDesign.Build(data, cvRows, linearDense, rowMajor: true);
        byte[] yS = cvDesign.Labels;

        // Linear: C by cross-validation along ascending C (strong to weak regularisation), each fold warm-started from
        // its previous C; the path stops once the mean fold AUROC falls 0.002 below the best so far or has not improved for
        // two steps.
        double[] grid = CGrid.Order().ToArray();
        var oofLinear = new double[grid.Length][];
        var foldAuroc = new double[grid.Length];
        var foldParams = new double[Folds][];
        for (int f = 0; f < Folds; f++) foldParams[f] = new double[cvDesign.ParameterCount];
        int bestC = 0, tried = 0;
        for (int c = 0; c < grid.Length; c++)
        {
            oofLinear[c] = new double[m];
            for (int f = 0; f < Folds; f++)
            {
                ct.ThrowIfCancellationRequested();
                double[] p = foldParams[f];
                Minimize(cvDesign, trainOf[f], grid[c], p, cv: true, excluded: (foldStart[f], foldStart[f + 1]));
                var decisions = new float[positionsOf[f].Length];
                var labels = new byte[decisions.Length];
                for (int i = 0; i < decisions.Length; i++)
                {
                    int q = positionsOf[f][i];
                    oofLinear[c][q] = cvDesign.Decision(q, p);
                    decisions[i] = (float)oofLinear[c][q];
                    labels[i] = yS[q];
                }
                foldAuroc[c] += Auroc.Compute(decisions, labels) / Folds;
            }
            tried = c + 1;
            if (foldAuroc[c] > foldAuroc[bestC]) bestC = c;
            else if (foldAuroc[c] < foldAuroc[bestC] - 0.002 || c - bestC >= 2) break;
        }
        double[] zl = oofLinear[bestC];
        double linearSeconds = phase.Elapsed.TotalSeconds;
        phase.Restart();

        // Trees on the dense part, early-stopped in the same folds.
        double[]? zt = null;
        int treeRounds = 0;
        List<GbdtTree> foldTrees = [];
        GbdtBinning? binning = null;
        var gbdt = new GbdtTrainer { Seed = Seed };
        if (EnableTrees)
        {
            // The sample's dense rows, in design positions.
            float[] cvDense = data.DenseMatrix(cvRows);
            int[] allPositions = Enumerable.Range(0, m).ToArray();
            binning = GbdtBinning.Fit(cvDense, dimension, allPositions);
            var ztAll = new double[m];
            int roundsSum = 0;
            // The folds are independent: fitted side by side, combined in fold order.
            var results = new GbdtTrainer.Result[Folds];
            Parallel.For(0, Folds, f => results[f] = gbdt.Fit(cvDense, dimension, yS, binning, trainOf[f], positionsOf[f], 0, ct));
            for (int f = 0; f < Folds; f++)
            {
                GbdtTrainer.Result r = results[f];
                int[] va = positionsOf[f];
                roundsSum += r.BestRounds;
                // The stored trees are the fold models' average (no refit).
                foreach (GbdtTree tree in r.Trees) { for (int v = 0; v < tree.Value.Length; v++) tree.Value[v] /= Folds; foldTrees.Add(tree); }
                for (int i = 0; i < va.Length; i++) ztAll[positionsOf[f][i]] = r.ValidationScores![i];
            }
            zt = ztAll;
            treeRounds = foldTrees.Count;
        }

        // Choose linear, trees or a blend by out-of-fold AUROC.
        double sdL = StdDev(zl), sdT = zt is null ? 1 : StdDev(zt);
        double alpha = 1, best = PooledAuroc(zl, yS);
        double linearAuroc = best;
        if (zt is not null)
        {
            foreach (double a in new[] { 0.75, 0.5, 0.25, 0.0 })
            {
                var s = new double[m];
                for (int i = 0; i < m; i++) s[i] = a * zl[i] / sdL + (1 - a) * zt[i] / sdT;
                double auc = PooledAuroc(s, yS);
                if (auc > best + (alpha == 1 ? ComplexityMargin : 0)) { best = auc; alpha = a; }
            }
        }
        double treeSeconds = phase.Elapsed.TotalSeconds;
        phase.Restart();
        var raw = new double[m];
        for (int i = 0; i < m; i++) raw[i] = alpha * zl[i] / sdL + (zt is null ? 0 : (1 - alpha) * zt[i] / sdT);
        (double plattA, double plattB) = Platt(raw, yS);

        // Refit on all training users with the chosen settings.
        // Warm start: the fold models' average, mapped by column id when the refit has its own design.
        LinearDesign design = m == n ? cvDesign : LinearDesign.Build(data, rows, linearDense, rowMajor: false);
        double buildSeconds = phase.Elapsed.TotalSeconds;
        var linear = new double[design.ParameterCount];
        var average = new double[cvDesign.ParameterCount];
        for (int j = 0; j < average.Length; j++) for (int f = 0; f < Folds; f++) average[j] += foldParams[f][j] / Folds;
        if (design == cvDesign) Array.Copy(average, linear, linear.Length);
        else
        {
            for (int j = 0, k = 0; j < design.SparseColumns; j++)
            {
                while (k < cvDesign.SparseColumns && cvDesign.ColumnIds[k] < design.ColumnIds[j]) k++;
                if (k < cvDesign.SparseColumns && cvDesign.ColumnIds[k] == design.ColumnIds[j]) linear[j] = average[k];
            }
            Array.Copy(average, cvDesign.SparseColumns, linear, design.SparseColumns, cvDesign.DenseColumns + 1);
        }
        Minimize(design, Enumerable.Range(0, n).ToArray(), grid[bestC], linear, cv: false);
        List<GbdtTree> trees = [];
        if (alpha < 1) trees = foldTrees;
        string family = alpha == 1 ? TaskModels.LogisticRegression : alpha == 0 ? TaskModels.Gbdt : TaskModels.Blend;
        int sparse = design.SparseColumns;
        var model = new TaskModel
        {
            ModelFamily = family, FeatureModelName = modelName, Dimension = dimension,
            SparseIds = alpha > 0 ? design.ColumnIds : [],
            SparseWeights = alpha > 0 ? linear.Take(sparse).Select(v => (float)v).ToArray() : [],
            SparseIdf = alpha > 0 ? design.Idf : [],
            DenseMean = alpha > 0 ? design.Mean : [], DenseScale = alpha > 0 ? design.Scale : [],
            DenseWeights = alpha > 0 ? linear.Skip(sparse).Take(design.DenseColumns).Select(v => (float)v).ToArray() : [],
            Bias = linear[^1], Trees = trees, Alpha = alpha, SdLinear = sdL, SdTrees = sdT, PlattA = plattA, PlattB = plattB,
        };
        string description = $"{family}: C={grid[bestC]} of {tried} tried (cv AUROC {linearAuroc:F4}), trees={(alpha < 1 ? treeRounds : 0)}, alpha={alpha}, oof AUROC {best:F4}; cv linear {linearSeconds:F1}s ({Iterations} L-BFGS iterations, {design.ParameterCount} parameters, {design.NonZeros} non-zeros), trees {treeSeconds:F1}s, refit {phase.Elapsed.TotalSeconds:F1}s (design {buildSeconds:F1}s)";
        return (model, best, description, design, linear);
    }

    [ThreadStatic] private static int Iterations;

    private void Minimize(LinearDesign design, int[] rows, double c, double[] p, bool cv, (int, int)? excluded = null)
    {
        var objective = new SparseLogisticObjective(design, rows, c, EvidenceWeighting ? design.EvidencePenalty(rows) : null, excluded);
        Iterations += Lbfgs.Minimize(objective.Evaluate, p, maxIterations: cv ? 50 : 40, gradientTolerance: 1e-5, memory: 8, functionTolerance: cv ? 1e-4 : 1e-6);
    }

    private static double StdDev(double[] v)
    {
        double mean = v.Average(), s = 0;
        foreach (double x in v) s += (x - mean) * (x - mean);
        double sd = Math.Sqrt(s / Math.Max(1, v.Length));
        return sd > 1e-12 ? sd : 1;
    }

    private static double PooledAuroc(double[] s, byte[] y) => Auroc.Compute(s.Select(v => (float)v).ToArray(), y);

    /// <summary>Platt scaling: a, b minimising the (unweighted) log-loss of σ(a·s + b), by Newton's method.</summary>
    internal static (double A, double B) Platt(double[] s, byte[] y)
    {
        double a = 1, b = 0;
        for (int it = 0; it < 50; it++)
        {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (int i = 0; i < s.Length; i++)
            {
                double p = TaskModel.Sigmoid(a * s[i] + b), r = p - y[i], w = p * (1 - p);
                ga += r * s[i]; gb += r;
                haa += w * s[i] * s[i]; hab += w * s[i]; hbb += w;
            }
            double det = haa * hbb - hab * hab;
            if (Math.Abs(det) < 1e-18) break;
            double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
            a -= da; b -= db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-10) break;
        }
        if (!(a > 0) || double.IsNaN(b)) (a, b) = (1, 0); // never invert the ranking
        return (a, b);
    }

    /// <summary>ROC from (0,0) to (1,1): one point per distinct score (descending), thinned to at most 201 points.</summary>
    internal static List<RocPoint> Roc(float[] scores, byte[] labels)
    {
        int n = scores.Length;
        var order = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        int positives = labels.Count(l => l == 1), negatives = n - positives;
        var points = new List<RocPoint> { new(0, 0, 1) };
        int tp = 0, fp = 0;
        for (int k = 0; k < n;)
        {
            float t = scores[order[k]];
            while (k < n && scores[order[k]] == t) { if (labels[order[k]] == 1) tp++; else fp++; k++; }
            points.Add(new RocPoint((double)fp / negatives, (double)tp / positives, Math.Round(t, 6)));
        }
        if (points[^1].Fpr != 1 || points[^1].Tpr != 1) points.Add(new RocPoint(1, 1, 0));
        if (points.Count <= MaxRocPoints) return points;
        var thinned = new List<RocPoint>(MaxRocPoints);
        for (int i = 0; i < MaxRocPoints; i++) thinned.Add(points[(int)((long)i * (points.Count - 1) / (MaxRocPoints - 1))]);
        return thinned;
    }

    private static (List<FeatureWeight>, List<FeatureWeight>) Explain(LinearDesign design, double[] linear, List<IReadOnlyDictionary<uint, string>> names)
    {
        var all = new List<(uint Id, double W)>();
        for (int j = 0; j < design.SparseColumns; j++)
            if (SparseFeatures.KindOf(design.ColumnIds[j]) < SparseFeatures.KindActionToken) all.Add((design.ColumnIds[j], linear[j]));
        FeatureWeight Name((uint Id, double W) e)
        {
            int kind = SparseFeatures.KindOf(e.Id);
            bool token = (kind & 1) == 0;
            string? name = null;
            foreach (IReadOnlyDictionary<uint, string> shard in names) if (shard.TryGetValue(SparseFeatures.NameKey(e.Id), out name)) break;
            name ??= $"#{e.Id & SparseFeatures.HashMask:x6}";
            if (kind >= 2) name += " (recent)";
            return new FeatureWeight(token ? "token" : "behavior", name, Math.Round(e.W, 6));
        }
        var positive = all.Where(e => e.W > 0).OrderByDescending(e => e.W).ThenBy(e => e.Id).Take(TopFeatures).Select(Name).ToList();
        var negative = all.Where(e => e.W < 0).OrderBy(e => e.W).ThenBy(e => e.Id).Take(TopFeatures).Select(Name).ToList();
        return (positive, negative);
    }
}
