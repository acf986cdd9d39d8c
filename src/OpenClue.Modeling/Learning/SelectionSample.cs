namespace OpenClue.Modeling.Learning;

/// <summary>
/// The users model selection runs on: a seeded sample of at most <c>maxUsers</c> of the fitted rows (all of them when
/// fewer), dealt into stratified folds and ordered by fold (stable), so each fold is a contiguous range of design
/// positions that a CV fit can skip.
/// </summary>
internal sealed class SelectionSample
{
    /// <summary>The sampled rows of the task data, in design order (fold by fold).</summary>
    public required int[] Rows { get; init; }
    /// <summary>Fold f holds design positions [FoldStart[f], FoldStart[f + 1]).</summary>
    public required int[] FoldStart { get; init; }
    /// <summary>Per fold, its design positions (the held-out users of that fold's fit).</summary>
    public required int[][] PositionsOf { get; init; }
    /// <summary>Per fold, the design positions of the other folds (that fold's training users).</summary>
    public required int[][] TrainOf { get; init; }
    /// <summary>Whether the sample is every fitted row (then selection and refit share one design).</summary>
    public required bool IsAll { get; init; }

    public int Count => Rows.Length;
    public int Folds => PositionsOf.Length;

    /// <summary>The held-out range of fold f, which its fit skips.</summary>
    public (int From, int To) Excluded(int f) => (FoldStart[f], FoldStart[f + 1]);

    public static SelectionSample Draw(TaskData data, int[] rows, int maxUsers, int folds, int seed)
    {
        int n = rows.Length;
        int[] positions = Enumerable.Range(0, n).ToArray();
        if (n > maxUsers)
        {
            var rng = new Random(seed ^ 0x5EED);
            double keep = (double)maxUsers / n;
            positions = Enumerable.Range(0, n).Where(_ => rng.NextDouble() < keep).ToArray();
        }
        int m = positions.Length;
        int[] sampled = positions.Select(q => rows[q]).ToArray();
        int[] foldOfSampled = StratifiedFolds.Assign(sampled.Select(r => data.Labels[r]).ToArray(), folds, seed);
        var foldStart = new int[folds + 1];
        var positionsOf = new int[folds][];
        var trainOf = new int[folds][];
        var ordered = new List<int>(m);
        for (int f = 0; f < folds; f++)
        {
            foldStart[f] = ordered.Count;
            for (int k = 0; k < m; k++) if (foldOfSampled[k] == f) ordered.Add(sampled[k]);
            foldStart[f + 1] = ordered.Count;
            positionsOf[f] = Enumerable.Range(foldStart[f], foldStart[f + 1] - foldStart[f]).ToArray();
        }
        for (int f = 0; f < folds; f++) trainOf[f] = Enumerable.Range(0, m).Where(k => k < foldStart[f] || k >= foldStart[f + 1]).ToArray();
        return new SelectionSample { Rows = ordered.ToArray(), FoldStart = foldStart, PositionsOf = positionsOf, TrainOf = trainOf, IsAll = m == n };
    }
}
