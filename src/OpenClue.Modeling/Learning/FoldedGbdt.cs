namespace OpenClue.Modeling.Learning;

/// <summary>
/// Step 3 of <see cref="TaskTrainer"/>: histogram GBDT on the dense part of the selection sample, early-stopped in each
/// of the same folds as the linear path, the folds fitted side by side. The stored trees are the fold models averaged
/// (no refit); their out-of-fold decisions go to the blend selection.
/// </summary>
internal sealed class FoldedGbdt
{
    /// <summary>The fold models' trees, each leaf divided by the fold count (their sum is the average).</summary>
    public required List<GbdtTree> Trees { get; init; }
    /// <summary>Out-of-fold decisions per design position.</summary>
    public required double[] OutOfFold { get; init; }

    public static FoldedGbdt Fit(TaskData data, SelectionSample sample, int seed, CancellationToken ct)
    {
        int m = sample.Count, folds = sample.Folds, dimension = data.Dimension;
        var gbdt = new GbdtTrainer { Seed = seed };
        // The sample's dense rows, in design positions.
        float[] dense = data.DenseMatrix(sample.Rows);
        byte[] y = new byte[m];
        for (int i = 0; i < m; i++) y[i] = data.Labels[sample.Rows[i]];
        GbdtBinning binning = GbdtBinning.Fit(dense, dimension, Enumerable.Range(0, m).ToArray());
        var oof = new double[m];
        var results = new GbdtTrainer.Result[folds];
        Parallel.For(0, folds, f => results[f] = gbdt.Fit(dense, dimension, y, binning, sample.TrainOf[f], sample.PositionsOf[f], 0, ct));
        List<GbdtTree> trees = [];
        for (int f = 0; f < folds; f++)
        {
            GbdtTrainer.Result r = results[f];
            int[] held = sample.PositionsOf[f];
            foreach (GbdtTree tree in r.Trees) { for (int v = 0; v < tree.Value.Length; v++) tree.Value[v] /= folds; trees.Add(tree); }
            for (int i = 0; i < held.Length; i++) oof[held[i]] = r.ValidationScores![i];
        }
        return new FoldedGbdt { Trees = trees, OutOfFold = oof };
    }
}
