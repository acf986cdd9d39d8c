namespace OpenClue.Modeling.Learning;

/// <summary>
/// One round of model selection on the training users (<see cref="TaskTrainer"/>): the seeded <see cref="SelectionSample"/>
/// and its folds, the linear model's penalty and C path (<see cref="PenaltySelection"/>), the trees early-stopped in the
/// same folds (<see cref="FoldedGbdt"/>), and the linear refit at the chosen C (<see cref="LinearRefit"/>). Small training
/// sets run several rounds on different folds (<see cref="RepeatedSelection"/>).
/// </summary>
internal sealed class SelectionRound
{
    public required SelectionSample Sample { get; init; }
    public required LinearDesign Design { get; init; }
    public required LinearPath Path { get; init; }
    public required FoldedGbdt? Trees { get; init; }
    public required LinearRefit Refit { get; init; }
    /// <summary>L-BFGS iterations of the C paths (the refit's are in <see cref="Refit"/>).</summary>
    public required int PathIterations { get; init; }
    public required double LinearSeconds { get; init; }
    public required double TreeSeconds { get; init; }
    public required double RefitSeconds { get; init; }

    public static SelectionRound Run(TaskData data, int[] rows, SelectionOptions options, int seed, CancellationToken ct)
    {
        var phase = System.Diagnostics.Stopwatch.StartNew();
        SelectionSample sample = SelectionSample.Draw(data, rows, options.MaxSelectionUsers, options.Folds, seed);
        LinearDesign design = LinearDesign.Build(data, sample.Rows, options.LinearDense, rowMajor: true, options.Linear);
        (LinearPath path, int pathIterations) = PenaltySelection.Run(data, sample, design, options.CGrid, options.Linear, options.EvidenceWeighting,
            options.LinearDense, seed, ct);
        double linearSeconds = phase.Elapsed.TotalSeconds;
        phase.Restart();
        FoldedGbdt? trees = options.EnableTrees ? FoldedGbdt.Fit(data, sample, seed, ct) : null;
        double treeSeconds = phase.Elapsed.TotalSeconds;
        phase.Restart();
        LinearRefit refit = LinearRefit.Run(data, rows, sample, design, path, options.LinearDense, path.Settings);
        return new SelectionRound
        {
            Sample = sample, Design = design, Path = path, Trees = trees, Refit = refit, PathIterations = pathIterations,
            LinearSeconds = linearSeconds, TreeSeconds = treeSeconds, RefitSeconds = phase.Elapsed.TotalSeconds,
        };
    }
}
