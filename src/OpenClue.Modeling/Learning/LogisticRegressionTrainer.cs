namespace OpenClue.Modeling.Learning;

/// <summary>
/// Fits an L2-regularised, class-balanced logistic regression on standardised features, like scikit-learn's
/// <c>LogisticRegression(class_weight="balanced")</c> inside a <c>StandardScaler</c> pipeline. C is chosen from
/// <see cref="CGrid"/> by stratified k-fold cross-validation (mean AUROC, the smaller C wins ties), then the model is
/// refitted on all rows. Optimised to convergence by full-batch L-BFGS. Deterministic: the same data and seed give
/// byte-identical <see cref="LinearModel.Serialize"/> output (on the same hardware).
/// </summary>
public sealed class LogisticRegressionTrainer
{
    public static readonly IReadOnlyList<double> DefaultCGrid = [0.01, 0.1, 1, 10];

    /// <summary>C used when a class has fewer rows than <see cref="Folds"/>, so C cannot be cross-validated (unless the grid has one value).</summary>
    public const double FallbackC = 1.0;

    public LogisticRegressionTrainer(int seed) => Seed = seed;

    /// <summary>Seeds the (shuffled, stratified) fold assignment.</summary>
    public int Seed { get; }

    public IReadOnlyList<double> CGrid { get; init; } = DefaultCGrid;

    public int Folds { get; init; } = 3;

    public int MaxIterations { get; init; } = 500;

    /// <summary>Stop when every gradient component of the (per-row averaged) objective is below this.</summary>
    public double GradientTolerance { get; init; } = 1e-5;

    /// <summary>Throws <see cref="ArgumentException"/> unless both labels occur.</summary>
    public LinearModel Fit(TrainingSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (CGrid.Count == 0) throw new InvalidOperationException("CGrid is empty.");
        int positives = 0;
        foreach (byte label in data.Labels) positives += label;
        int negatives = data.Count - positives;
        if (positives == 0 || negatives == 0) throw new ArgumentException("Training needs both labels 0 and 1.", nameof(data));

        double c = CGrid.Count == 1 ? CGrid[0] : FallbackC, cvAuroc = double.NaN;
        if (Folds >= 2 && Math.Min(positives, negatives) >= Folds && CGrid.Count > 1)
            (c, cvAuroc) = CrossValidate(data);

        int[] all = new int[data.Count];
        for (int i = 0; i < all.Length; i++) all[i] = i;
        (float[] mean, float[] scale) = Standardization(data, all);
        double[] p = new double[data.Dimension + 1];
        Solve(data, all, mean, scale, c, p);

        var weights = new float[data.Dimension];
        for (int j = 0; j < weights.Length; j++) weights[j] = (float)p[j];
        return new LinearModel(mean, scale, weights, p[data.Dimension], c, cvAuroc);
    }

    private (double C, double Auroc) CrossValidate(TrainingSet data)
    {
        int[] fold = AssignFolds(data.Labels, Folds, Seed);
        var aurocSums = new double[CGrid.Count];
        for (int f = 0; f < Folds; f++)
        {
            var trainRows = new List<int>();
            var testRows = new List<int>();
            for (int i = 0; i < fold.Length; i++) (fold[i] == f ? testRows : trainRows).Add(i);
            int[] train = trainRows.ToArray(), test = testRows.ToArray();
            var testLabels = new byte[test.Length];
            for (int i = 0; i < test.Length; i++) testLabels[i] = data.Labels[test[i]];

            (float[] mean, float[] scale) = Standardization(data, train);
            var p = new double[data.Dimension + 1];
            var decisions = new float[test.Length];
            foreach ((double c, int index) in OrderedGrid())
            {
                Solve(data, train, mean, scale, c, p); // warm start from the previous (smaller) C
                LogisticObjective.Decide(data, test, mean, scale, p, decisions);
                aurocSums[index] += Auroc.Compute(decisions, testLabels);
            }
        }

        int best = 0;
        for (int k = 1; k < CGrid.Count; k++)
        {
            if (aurocSums[k] > aurocSums[best] || (aurocSums[k] == aurocSums[best] && CGrid[k] < CGrid[best])) best = k;
        }
        return (CGrid[best], aurocSums[best] / Folds);
    }

    /// <summary>Grid values ascending (stable), each with its index in <see cref="CGrid"/>.</summary>
    private List<(double C, int Index)> OrderedGrid()
    {
        var ordered = new List<(double, int)>(CGrid.Count);
        for (int k = 0; k < CGrid.Count; k++)
        {
            if (!(CGrid[k] > 0)) throw new InvalidOperationException("C values must be positive.");
            ordered.Add((CGrid[k], k));
        }
        ordered.Sort((a, b) => a.Item1 != b.Item1 ? a.Item1.CompareTo(b.Item1) : a.Item2.CompareTo(b.Item2));
        return ordered;
    }

    private void Solve(TrainingSet data, int[] rows, float[] mean, float[] scale, double c, double[] p)
    {
        var objective = new LogisticObjective(data, rows, mean, scale, c);
        Lbfgs.Minimize(objective.Evaluate, p, MaxIterations, GradientTolerance);
    }

    /// <summary>Stratified folds: each class is shuffled with the seed, then dealt round-robin.</summary>
    internal static int[] AssignFolds(ReadOnlySpan<byte> labels, int folds, int seed)
    {
        var fold = new int[labels.Length];
        var random = new Random(seed);
        for (int label = 0; label <= 1; label++)
        {
            var members = new List<int>();
            for (int i = 0; i < labels.Length; i++) if (labels[i] == label) members.Add(i);
            for (int i = members.Count - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (members[i], members[j]) = (members[j], members[i]);
            }
            for (int k = 0; k < members.Count; k++) fold[members[k]] = k % folds;
        }
        return fold;
    }

    /// <summary>Per-feature mean and population standard deviation over <paramref name="rows"/> (scale 1 for constant features).</summary>
    internal static (float[] Mean, float[] Scale) Standardization(TrainingSet data, int[] rows)
    {
        int d = data.Dimension;
        float[] x = data.RowBuffer;
        var sum = new double[d];
        foreach (int r in rows)
        {
            ReadOnlySpan<float> row = x.AsSpan(r * d, d);
            for (int j = 0; j < d; j++) sum[j] += row[j];
        }
        var mean = new double[d];
        for (int j = 0; j < d; j++) mean[j] = sum[j] / rows.Length;
        var squares = new double[d];
        foreach (int r in rows)
        {
            ReadOnlySpan<float> row = x.AsSpan(r * d, d);
            for (int j = 0; j < d; j++)
            {
                double delta = row[j] - mean[j];
                squares[j] += delta * delta;
            }
        }
        var meanF = new float[d];
        var scale = new float[d];
        for (int j = 0; j < d; j++)
        {
            meanF[j] = (float)mean[j];
            double std = Math.Sqrt(squares[j] / rows.Length);
            scale[j] = std > 1e-6 ? (float)std : 1f;
        }
        return (meanF, scale);
    }
}
