namespace OpenClue.Modeling.Learning;

/// <summary>
/// The C path of one linear candidate (<see cref="PenaltySelection"/>): C by cross-validation on the selection sample, walked along
/// ascending C (strong to weak regularisation) with each fold warm-started from its previous C (one objective per fold,
/// its penalty factors and held-out ranges computed once, and one L-BFGS workspace for the whole path); the path stops once the
/// mean fold AUROC falls 0.002 below the best so far or has not improved for two steps.
/// </summary>
internal sealed class LinearPath
{
    private const double Tolerance = 0.002;
    private const int Patience = 2;

    /// <summary>The grid, ascending.</summary>
    public required double[] Grid { get; init; }
    /// <summary>Index in <see cref="Grid"/> of the chosen C.</summary>
    public required int Best { get; init; }
    /// <summary>How many grid points were fitted before the path stopped.</summary>
    public required int Tried { get; init; }
    /// <summary>Out-of-fold decisions at the chosen C, per design position.</summary>
    public required double[] OutOfFold { get; init; }
    /// <summary>Each fold's parameters at the chosen C (the refit's warm start: the refit fits that same C).</summary>
    public required double[][] FoldParameters { get; init; }
    /// <summary>L-BFGS iterations over the whole path.</summary>
    public required int Iterations { get; init; }
    /// <summary>Mean fold AUROC at the chosen C.</summary>
    public required double CvAuroc { get; init; }
    /// <summary>What was fitted (columns, penalty).</summary>
    public required LinearSettings Settings { get; init; }

    public double C => Grid[Best];

    /// <param name="foldFall">When set, the path also stops as soon as one fold's AUROC falls this far below that fold's
    /// AUROC at the best C so far, without fitting the other folds at that C: the mean then falls below the best by
    /// more than the stop tolerance unless the other folds rise by far more than folds move together, so the choice is
    /// the same and only the confirming fits are saved. Off for small training sets, whose models stay byte-identical.</param>
    public static LinearPath Run(LinearDesign design, SelectionSample sample, IEnumerable<double> cGrid, LinearSettings settings, CancellationToken ct,
        double? foldFall = null)
    {
        double[] grid = cGrid.Order().ToArray();
        int m = sample.Count, folds = sample.Folds;
        byte[] y = design.Labels;
        var oof = new double[grid.Length][];
        var foldAuroc = new double[grid.Length];
        var aurocOf = new double[grid.Length][];
        var foldParams = new double[folds][];
        var bestParams = new double[folds][];
        for (int f = 0; f < folds; f++) foldParams[f] = new double[design.ParameterCount];
        int best = 0, tried = 0, iterations = 0;
        var objectives = new SparseLogisticObjective[folds];
        for (int f = 0; f < folds; f++) objectives[f] = LinearFit.CvObjective(design, sample.TrainOf[f], settings, sample.Excluded(f));
        var workspace = new LbfgsWorkspace(design.ParameterCount, LinearFit.CvMemory);
        bool fell = false;
        for (int c = 0; c < grid.Length; c++)
        {
            oof[c] = new double[m];
            aurocOf[c] = new double[folds];
            tried = c + 1;
            for (int f = 0; f < folds && !fell; f++)
            {
                ct.ThrowIfCancellationRequested();
                double[] p = foldParams[f];
                objectives[f].C = grid[c];
                iterations += LinearFit.Minimize(objectives[f], p, workspace);
                int[] held = sample.PositionsOf[f];
                var decisions = new float[held.Length];
                var labels = new byte[held.Length];
                for (int i = 0; i < held.Length; i++)
                {
                    int q = held[i];
                    oof[c][q] = design.Decision(q, p);
                    decisions[i] = (float)oof[c][q];
                    labels[i] = y[q];
                }
                aurocOf[c][f] = Auroc.Compute(decisions, labels);
                foldAuroc[c] += aurocOf[c][f] / folds;
                fell = foldFall is { } fall && c > best && aurocOf[c][f] < aurocOf[best][f] - fall;
            }
            if (fell) break;
            if (c == 0 || foldAuroc[c] > foldAuroc[best])
            {
                best = c;
                for (int f = 0; f < folds; f++) bestParams[f] = (double[])foldParams[f].Clone();
            }
            else if (foldAuroc[c] < foldAuroc[best] - Tolerance || c - best >= Patience) break;
        }
        return new LinearPath
        {
            Grid = grid, Best = best, Tried = tried, OutOfFold = oof[best], FoldParameters = bestParams, Iterations = iterations,
            CvAuroc = foldAuroc[best], Settings = settings,
        };
    }
}
