namespace OpenClue.Modeling.Learning;

/// <summary>Our histogram GBDT (<see cref="GbdtTrainer"/>) as the <see cref="ITreeLearner"/>: one binning of all the
/// sample's rows, the folds fitted side by side.</summary>
internal sealed class GbdtTreeLearner : ITreeLearner
{
    public static readonly GbdtTreeLearner Instance = new();

    public string Name => "gbdt";

    public TreeFold[] FitFolds(float[] dense, int dimension, byte[] labels, int[][] trainOf, int[][] heldOf, int seed, CancellationToken ct)
    {
        var gbdt = new GbdtTrainer { Seed = seed };
        GbdtBinning binning = GbdtBinning.Fit(dense, dimension, Enumerable.Range(0, labels.Length).ToArray());
        var folds = new TreeFold[trainOf.Length];
        Parallel.For(0, folds.Length, f =>
        {
            GbdtTrainer.Result r = gbdt.Fit(dense, dimension, labels, binning, trainOf[f], heldOf[f], 0, ct);
            folds[f] = new TreeFold(r.Trees, r.ValidationScores!);
        });
        return folds;
    }
}
