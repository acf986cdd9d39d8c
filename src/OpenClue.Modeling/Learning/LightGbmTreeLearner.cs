using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// LightGBM (ML.NET's <c>LightGbmBinaryTrainer</c>, native LightGBM inside) as the <see cref="ITreeLearner"/>: per fold,
/// class-balanced weights, early stopping on the held-out fold's log-loss (patience 15, ≤ 200 rounds), one thread per
/// fit and deterministic mode (the folds run side by side). The fitted ensemble is converted to our
/// <see cref="GbdtTree"/> format (<see cref="Convert"/>), so storage and scoring stay ours.
/// </summary>
internal sealed class LightGbmTreeLearner : ITreeLearner
{
    public static readonly LightGbmTreeLearner Instance = new();

    public string Name => "lightgbm";

    /// <summary>Depth bound of the leaf-wise trees, so the stored trees stay within <see cref="FlatTrees.MaxDepth"/>.</summary>
    public int MaxDepth { get; init; } = FlatTrees.MaxDepth;
    public int Leaves { get; init; } = 31;
    public double LearningRate { get; init; } = 0.1;
    public int MaxRounds { get; init; } = 200;
    public double FeatureFraction { get; init; } = 0.5;

    private sealed class Row
    {
        public bool Label { get; set; }
        public float Weight { get; set; }
        public float[] Features { get; set; } = [];
    }

    public TreeFold[] FitFolds(float[] dense, int dimension, byte[] labels, int[][] trainOf, int[][] heldOf, int seed, CancellationToken ct)
    {
        var folds = new TreeFold[trainOf.Length];
        Parallel.For(0, folds.Length, f =>
        {
            ct.ThrowIfCancellationRequested();
            List<GbdtTree> trees = Fit(dense, dimension, labels, trainOf[f], heldOf[f], seed, out _);
            var held = new float[heldOf[f].Length];
            for (int i = 0; i < held.Length; i++) held[i] = Sum(trees, dense.AsSpan(heldOf[f][i] * dimension, dimension));
            folds[f] = new TreeFold(trees, held);
        });
        return folds;
    }

    /// <summary>One early-stopped fit, converted; <paramref name="model"/> is LightGBM's own (for tests).</summary>
    internal List<GbdtTree> Fit(float[] dense, int dimension, byte[] labels, int[] trainRows, int[] validRows, int seed,
        out ITransformer model)
    {
        var ml = new MLContext(seed);
        SchemaDefinition schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        var options = new LightGbmBinaryTrainer.Options
        {
            NumberOfLeaves = Leaves, LearningRate = LearningRate, NumberOfIterations = MaxRounds, MinimumExampleCountPerLeaf = 20,
            EarlyStoppingRound = 15, NumberOfThreads = 1, Deterministic = true, Seed = seed, ExampleWeightColumnName = nameof(Row.Weight),
            Silent = true, Verbose = false,
            Booster = new GradientBooster.Options { L2Regularization = 1, FeatureFraction = FeatureFraction, MaximumTreeDepth = MaxDepth },
        };
        var fitted = ml.BinaryClassification.Trainers.LightGbm(options)
            .Fit(View(ml, schema, dense, dimension, labels, trainRows), View(ml, schema, dense, dimension, labels, validRows));
        model = fitted;
        return Convert(fitted.Model.SubModel.TrainedTreeEnsemble);
    }

    internal static IDataView View(MLContext ml, SchemaDefinition schema, float[] dense, int dimension, byte[] labels, int[] rows)
    {
        int positives = 0;
        foreach (int r in rows) positives += labels[r];
        float wPos = (float)(rows.Length / (2.0 * Math.Max(1, positives))), wNeg = (float)(rows.Length / (2.0 * Math.Max(1, rows.Length - positives)));
        var list = new List<Row>(rows.Length);
        foreach (int r in rows)
            list.Add(new Row { Label = labels[r] == 1, Weight = labels[r] == 1 ? wPos : wNeg, Features = dense.AsSpan(r * dimension, dimension).ToArray() });
        return ml.Data.LoadFromEnumerable(list, schema);
    }

    /// <summary>
    /// ML.NET's view of LightGBM's trees in our format: node i of a tree keeps its split (x[feature] ≤ threshold goes
    /// left), leaf k becomes node (internal count + k); a child index c &lt; 0 in ML.NET is leaf ~c. Tree weights are
    /// folded into the leaves and the ensemble's bias into the first tree's.
    /// </summary>
    internal static List<GbdtTree> Convert(RegressionTreeEnsemble ensemble)
    {
        var trees = new List<GbdtTree>(ensemble.Trees.Count);
        for (int t = 0; t < ensemble.Trees.Count; t++)
        {
            RegressionTree source = ensemble.Trees[t];
            double weight = ensemble.TreeWeights[t], bias = t == 0 ? ensemble.Bias : 0;
            int inner = source.NumberOfNodes, leaves = source.NumberOfLeaves, nodes = inner + leaves;
            var tree = new GbdtTree { Feature = new int[nodes], Threshold = new float[nodes], Left = new int[nodes], Right = new int[nodes], Value = new float[nodes] };
            for (int i = 0; i < inner; i++)
            {
                if (source.CategoricalSplitFlags[i]) throw new InvalidOperationException("categorical splits are not converted");
                tree.Feature[i] = source.NumericalSplitFeatureIndexes[i];
                tree.Threshold[i] = source.NumericalSplitThresholds[i];
                tree.Left[i] = Child(source.LeftChild[i], inner);
                tree.Right[i] = Child(source.RightChild[i], inner);
            }
            for (int k = 0; k < leaves; k++)
            {
                tree.Feature[inner + k] = -1;
                tree.Value[inner + k] = (float)(weight * source.LeafValues[k] + bias);
            }
            if (inner == 0) tree.Feature[0] = -1; // a lone leaf
            trees.Add(tree);
        }
        return trees;
    }

    private static int Child(int child, int inner) => child < 0 ? inner + ~child : child;

    internal static float Sum(List<GbdtTree> trees, ReadOnlySpan<float> x)
    {
        float s = 0;
        foreach (GbdtTree t in trees) s += t.Predict(x);
        return s;
    }
}
