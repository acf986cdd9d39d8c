using Microsoft.ML;
using Microsoft.ML.Data;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Learning;
using Xunit;

namespace OpenClue.Modeling.Tests;

/// <summary>LightGBM's trees as the blend partner on small training sets (<see cref="LightGbmTreeLearner"/>).</summary>
public class LightGbmTreeLearnerTests
{
    private const int Dimension = 12;

    /// <summary>Rows with a non-linear label (an interaction and a threshold), rounded to the int8 grid like stored rows.</summary>
    private static (float[] X, byte[] Y) Data(int rows, int seed)
    {
        var r = new Random(seed);
        var x = new float[rows * Dimension];
        var y = new byte[rows];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < Dimension; j++) x[i * Dimension + j] = MathF.Round((float)(r.NextDouble() * 2 - 1) * 127) / 127;
            double z = 2 * x[i * Dimension] * x[i * Dimension + 1] + (x[i * Dimension + 2] > 0.3f ? 1.2 : -0.4) + 0.5 * x[i * Dimension + 3] + r.NextDouble() - 0.5;
            y[i] = (byte)(z > 0 ? 1 : 0);
        }
        return (x, y);
    }

    private sealed class Scored
    {
        public float Score { get; set; }
    }

    [Fact]
    public void Converted_trees_score_as_LightGBM_itself()
    {
        (float[] x, byte[] y) = Data(900, 1);
        int[] train = Enumerable.Range(0, 600).ToArray(), valid = Enumerable.Range(600, 150).ToArray(), test = Enumerable.Range(750, 150).ToArray();
        List<GbdtTree> trees = LightGbmTreeLearner.Instance.Fit(x, Dimension, y, train, valid, seed: 5, out ITransformer model);
        Assert.True(trees.Count > 5);
        Assert.Contains(trees, t => t.Feature.Count(f => f >= 0) > 5); // leaf-wise trees, not stumps

        var ml = new MLContext(5);
        SchemaDefinition schema = SchemaDefinition.Create(typeof(LightGbmTreeLearner).GetNestedType("Row", System.Reflection.BindingFlags.NonPublic)!);
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Dimension);
        float[] own = ml.Data.CreateEnumerable<Scored>(model.Transform(LightGbmTreeLearner.View(ml, schema, x, Dimension, y, test)), reuseRowObject: false)
            .Select(s => s.Score).ToArray();
        Assert.Equal(test.Length, own.Length);
        for (int i = 0; i < test.Length; i++)
        {
            float converted = LightGbmTreeLearner.Sum(trees, x.AsSpan(test[i] * Dimension, Dimension));
            // Same leaves; only the order and precision of the sum differ (LightGBM adds double leaf values, we add floats).
            Assert.Equal(own[i], converted, 1e-5f * (1 + Math.Abs(own[i])));
        }
        // The stored form scores them the same way: flat (within FlatTrees' depth bound) and tree by tree agree exactly.
        FlatTrees flat = FlatTrees.TryCreate(trees, Dimension)!;
        Assert.NotNull(flat);
    }

    [Fact]
    public void Fits_are_deterministic_per_seed()
    {
        (float[] x, byte[] y) = Data(600, 2);
        int[][] trainOf = [Enumerable.Range(200, 400).ToArray(), [.. Enumerable.Range(0, 200), .. Enumerable.Range(400, 200)], Enumerable.Range(0, 400).ToArray()];
        int[][] heldOf = [Enumerable.Range(0, 200).ToArray(), Enumerable.Range(200, 200).ToArray(), Enumerable.Range(400, 200).ToArray()];
        TreeFold[] a = LightGbmTreeLearner.Instance.FitFolds(x, Dimension, y, trainOf, heldOf, 9, default);
        TreeFold[] b = LightGbmTreeLearner.Instance.FitFolds(x, Dimension, y, trainOf, heldOf, 9, default);
        TreeFold[] other = LightGbmTreeLearner.Instance.FitFolds(x, Dimension, y, trainOf, heldOf, 10, default);
        for (int f = 0; f < 3; f++)
        {
            Assert.Equal(a[f].HeldOut, b[f].HeldOut);
            Assert.Equal(a[f].Trees.Count, b[f].Trees.Count);
            for (int t = 0; t < a[f].Trees.Count; t++)
            {
                Assert.Equal(a[f].Trees[t].Feature, b[f].Trees[t].Feature);
                Assert.Equal(a[f].Trees[t].Threshold, b[f].Trees[t].Threshold);
                Assert.Equal(a[f].Trees[t].Left, b[f].Trees[t].Left);
                Assert.Equal(a[f].Trees[t].Right, b[f].Trees[t].Right);
                Assert.Equal(a[f].Trees[t].Value, b[f].Trees[t].Value);
            }
        }
        Assert.NotEqual(a[0].HeldOut, other[0].HeldOut); // the seed reaches LightGBM (feature fraction ½)
    }

    [Fact]
    public void The_trainer_uses_LightGBM_only_up_to_its_user_bound()
    {
        var users = Synthetic.Users(600, 8, "u");
        byte[] features = Synthetic.Features(BehaviorEncoders.FindBuiltIn("oc-hash-1")!, users);
        var labels = users.ToDictionary(u => u.Id, u => u.Label);
        TaskTrainingResult Train(bool lightGbm, int bound) =>
            new TaskTrainer(3) { LightGbmTrees = lightGbm, MaxLightGbmUsers = bound }.Train("t", Synthetic.Open(features), labels, null, null, default);
        TaskTrainingResult ours = Train(false, 2_000), above = Train(true, 100), below = Train(true, 2_000);
        Assert.Contains("(gbdt)", ours.Description);
        Assert.Contains("(gbdt)", above.Description);
        Assert.Contains("(lightgbm)", below.Description);
        Assert.Equal(ours.Model, above.Model); // above the bound: exactly our GBDT's model
        Assert.NotEqual(ours.Model, below.Model);
        Assert.Equal(below.Model, Train(true, 2_000).Model);
    }
}
