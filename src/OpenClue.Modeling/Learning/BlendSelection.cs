namespace OpenClue.Modeling.Learning;

/// <summary>
/// Step 4 of <see cref="TaskTrainer"/>: linear, trees or a blend s = α·z_lr/σ_lr + (1 − α)·z_gb/σ_gb chosen by pooled
/// out-of-fold AUROC, α ∈ {1, 0.75, 0.5, 0.25, 0}; a candidate with trees must beat the linear model by
/// <see cref="ComplexityMargin"/>. After repeated selection (<see cref="RepeatedSelection"/>) α is the mean of the rounds' own
/// choices (<see cref="ChooseOverRounds"/>).
/// </summary>
internal sealed class BlendSelection
{
    /// <summary>A more complex candidate must beat the linear model's out-of-fold AUROC by this much to be chosen.</summary>
    public const double ComplexityMargin = 0.001;
    private static readonly double[] Alphas = [0.75, 0.5, 0.25, 0.0];

    public required double Alpha { get; init; }
    public required double SdLinear { get; init; }
    public required double SdTrees { get; init; }
    /// <summary>Pooled out-of-fold AUROC of the linear model alone and of the chosen candidate.</summary>
    public required double LinearAuroc { get; init; }
    public required double Auroc { get; init; }

    public static BlendSelection Choose(double[] linear, double[]? trees, byte[] labels)
    {
        int m = linear.Length;
        double sdL = StdDev(linear), sdT = trees is null ? 1 : StdDev(trees);
        double alpha = 1, best = PooledAuroc(linear, labels);
        double linearAuroc = best;
        if (trees is not null)
        {
            foreach (double a in Alphas)
            {
                var s = new double[m];
                for (int i = 0; i < m; i++) s[i] = a * linear[i] / sdL + (1 - a) * trees[i] / sdT;
                double auc = PooledAuroc(s, labels);
                if (auc > best + (alpha == 1 ? ComplexityMargin : 0)) { best = auc; alpha = a; }
            }
        }
        return new BlendSelection { Alpha = alpha, SdLinear = sdL, SdTrees = sdT, LinearAuroc = linearAuroc, Auroc = best };
    }

    /// <summary>
    /// The blend after several selection rounds: α chosen in each round on that round's own out-of-fold decisions (as
    /// <see cref="Choose"/>), then averaged; σ and the AUROC on the decisions averaged over the rounds, which the stored
    /// model's parts are. On a few hundred users the choice on the averaged decisions flips between neighbouring α with the
    /// folds; the mean of the rounds' choices moves less (MODELING.md, "Session 8, selection").
    /// </summary>
    public static BlendSelection ChooseOverRounds(IReadOnlyList<(double[] Linear, double[]? Trees)> rounds, double[] linear, double[]? trees, byte[] labels)
    {
        if (trees is null || rounds.Count < 2) return Choose(linear, trees, labels);
        double sum = 0;
        foreach ((double[] roundLinear, double[]? roundTrees) in rounds) sum += Choose(roundLinear, roundTrees, labels).Alpha;
        double alpha = sum / rounds.Count;
        double sdL = StdDev(linear), sdT = StdDev(trees);
        var s = new double[linear.Length];
        for (int i = 0; i < s.Length; i++) s[i] = alpha * linear[i] / sdL + (1 - alpha) * trees[i] / sdT;
        return new BlendSelection { Alpha = alpha, SdLinear = sdL, SdTrees = sdT, LinearAuroc = PooledAuroc(linear, labels), Auroc = PooledAuroc(s, labels) };
    }

    /// <summary>The chosen combination of the out-of-fold decisions (what the calibration is fitted on).</summary>
    public double[] Combine(double[] linear, double[]? trees)
    {
        var raw = new double[linear.Length];
        for (int i = 0; i < raw.Length; i++) raw[i] = Alpha * linear[i] / SdLinear + (trees is null ? 0 : (1 - Alpha) * trees[i] / SdTrees);
        return raw;
    }

    private static double StdDev(double[] v)
    {
        double mean = v.Average(), s = 0;
        foreach (double x in v) s += (x - mean) * (x - mean);
        double sd = Math.Sqrt(s / Math.Max(1, v.Length));
        return sd > 1e-12 ? sd : 1;
    }

    private static double PooledAuroc(double[] s, byte[] y) => Learning.Auroc.Compute(s.Select(v => (float)v).ToArray(), y);
}
