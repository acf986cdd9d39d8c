namespace OpenClue.Modeling.Learning;

/// <summary>
/// Step 6 of <see cref="TaskTrainer"/>: the linear model refit on all training users at the chosen C, warm-started from
/// the fold models' average (mapped by column id when selection used a sample and the refit has its own design).
/// </summary>
internal sealed class LinearRefit
{
    public required LinearDesign Design { get; init; }
    /// <summary>Sparse weights, dense weights, then the bias, in <see cref="Design"/>'s columns.</summary>
    public required double[] Parameters { get; init; }
    /// <summary>Passes over the data the fit took (<see cref="LinearFit.Refit"/>).</summary>
    public required int Passes { get; init; }
    /// <summary>Seconds spent building the refit's own design (0 when it is the selection's).</summary>
    public required double DesignSeconds { get; init; }

    public static LinearRefit Run(TaskData data, int[] rows, SelectionSample sample, LinearDesign selectionDesign, LinearPath path,
        bool includeDense, LinearSettings settings)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        LinearDesign design = sample.IsAll ? selectionDesign : LinearDesign.Build(data, rows, includeDense, rowMajor: false, settings);
        double designSeconds = clock.Elapsed.TotalSeconds;
        int folds = path.FoldParameters.Length;
        var linear = new double[design.ParameterCount];
        var average = new double[selectionDesign.ParameterCount];
        for (int j = 0; j < average.Length; j++) for (int f = 0; f < folds; f++) average[j] += path.FoldParameters[f][j] / folds;
        if (design == selectionDesign) Array.Copy(average, linear, linear.Length);
        else
        {
            for (int j = 0, k = 0; j < design.SparseColumns; j++)
            {
                while (k < selectionDesign.SparseColumns && selectionDesign.ColumnIds[k] < design.ColumnIds[j]) k++;
                if (k < selectionDesign.SparseColumns && selectionDesign.ColumnIds[k] == design.ColumnIds[j]) linear[j] = average[k];
            }
            Array.Copy(average, selectionDesign.SparseColumns, linear, design.SparseColumns, selectionDesign.DenseColumns + 1);
        }
        int passes = LinearFit.Refit(design, path.C, linear, settings, sample.IsAll ? LinearFit.NewtonRefitPasses : LinearFit.LargeNewtonRefitPasses);
        return new LinearRefit { Design = design, Parameters = linear, Passes = passes, DesignSeconds = designSeconds };
    }
}
