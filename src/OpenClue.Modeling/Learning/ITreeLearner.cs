namespace OpenClue.Modeling.Learning;

/// <summary>
/// The tree learner behind <see cref="FoldedGbdt"/>: fits one early-stopped tree ensemble per fold on the selection
/// sample's dense rows and returns, per fold, the trees (our stored format, <see cref="GbdtTree"/>) and their decisions
/// on the held-out fold.
/// </summary>
internal interface ITreeLearner
{
    /// <summary>Named in the training description.</summary>
    string Name { get; }

    /// <param name="dense">The sample's dense rows, row-major, <paramref name="dimension"/> wide.</param>
    /// <param name="labels">Labels per row of <paramref name="dense"/>.</param>
    /// <param name="trainOf">Per fold, the rows it fits on.</param>
    /// <param name="heldOf">Per fold, its held-out rows (early stopping and out-of-fold decisions).</param>
    TreeFold[] FitFolds(float[] dense, int dimension, byte[] labels, int[][] trainOf, int[][] heldOf, int seed, CancellationToken ct);
}
