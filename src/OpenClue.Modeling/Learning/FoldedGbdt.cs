namespace OpenClue.Modeling.Learning;

/// <summary>
/// Step 3 of <see cref="TaskTrainer"/>: tree ensembles on the dense part of the selection sample, early-stopped in each
/// of the same folds as the linear path, by an <see cref="ITreeLearner"/> (our <see cref="GbdtTreeLearner"/>, or LightGBM
/// on small training sets, <see cref="LightGbmTreeLearner"/>). The stored trees are the fold models averaged (no refit);
/// their out-of-fold decisions go to the blend selection.
/// </summary>
internal sealed class FoldedGbdt
{
    /// <summary>The fold models' trees, each leaf divided by the fold count (their sum is the average).</summary>
    public required List<GbdtTree> Trees { get; init; }
    /// <summary>Out-of-fold decisions per design position.</summary>
    public required double[] OutOfFold { get; init; }

    public static FoldedGbdt Fit(TaskData data, SelectionSample sample, ITreeLearner learner, int seed, CancellationToken ct)
    {
        int m = sample.Count, folds = sample.Folds;
        // The sample's dense rows, in design positions.
        float[] dense = data.DenseMatrix(sample.Rows);
        byte[] y = new byte[m];
        for (int i = 0; i < m; i++) y[i] = data.Labels[sample.Rows[i]];
        TreeFold[] results = learner.FitFolds(dense, data.Dimension, y, sample.TrainOf, sample.PositionsOf, seed, ct);
        var oof = new double[m];
        List<GbdtTree> trees = [];
        for (int f = 0; f < folds; f++)
        {
            int[] held = sample.PositionsOf[f];
            foreach (GbdtTree tree in results[f].Trees) { for (int v = 0; v < tree.Value.Length; v++) tree.Value[v] /= folds; trees.Add(tree); }
            for (int i = 0; i < held.Length; i++) oof[held[i]] = results[f].HeldOut[i];
        }
        return new FoldedGbdt { Trees = trees, OutOfFold = oof };
    }
}
