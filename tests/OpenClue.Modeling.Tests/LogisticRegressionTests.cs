using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Learning;

namespace OpenClue.Modeling.Tests;

public class LogisticRegressionTests
{
    /// <summary>Users browse random items; positives bought protein 80 % of the time, negatives 10 %.</summary>
    private static (List<string> Ids, List<byte> Labels, List<List<string>> Behaviors) SyntheticUsers(int count, int seed)
    {
        var random = new Random(seed);
        var ids = new List<string>();
        var labels = new List<byte>();
        var behaviors = new List<List<string>>();
        for (int u = 0; u < count; u++)
        {
            byte label = (byte)(random.NextDouble() < 0.3 ? 1 : 0);
            var history = new List<string>();
            int length = random.Next(5, 25);
            for (int k = 0; k < length; k++)
            {
                history.Add(random.Next(3) switch
                {
                    0 => $"search: {Words[random.Next(Words.Length)]}",
                    1 => $"view: item{random.Next(300)}",
                    _ => $"click: {Words[random.Next(Words.Length)]} {random.Next(10)}kg",
                });
            }
            if (random.NextDouble() < (label == 1 ? 0.8 : 0.1)) history.Insert(random.Next(history.Count + 1), "buy: protein");
            ids.Add($"user{u}");
            labels.Add(label);
            behaviors.Add(history);
        }
        return (ids, labels, behaviors);
    }

    private static readonly string[] Words = ["dog", "food", "kibble", "toy", "shoes", "강아지", "사료", "운동화", "東京", "コーヒー", "bag", "lamp"];

    [Fact]
    public void EncoderAndTrainerLearnAPlantedSignal()
    {
        var (ids, labels, behaviors) = SyntheticUsers(900, seed: 1);
        bool[] heldOut = HoldoutSplit.SelectHeldOut("task-lr", ids, labels);
        var encoder = new HashBehaviorEncoder();
        var train = new TrainingSet(encoder.Dimension);
        var testScores = new List<float>();
        var testLabels = new List<byte>();
        var vectors = new float[ids.Count][];
        for (int i = 0; i < ids.Count; i++)
        {
            vectors[i] = new float[encoder.Dimension];
            encoder.Encode(behaviors[i], vectors[i]);
            if (!heldOut[i]) train.Add(vectors[i], labels[i]);
        }

        LinearModel model = new LogisticRegressionTrainer(seed: 42).Fit(train);
        for (int i = 0; i < ids.Count; i++)
        {
            if (!heldOut[i]) continue;
            float score = model.Score(vectors[i]);
            Assert.InRange(score, 0f, 1f);
            testScores.Add(score);
            testLabels.Add(labels[i]);
        }

        double auroc = Auroc.Compute(testScores.ToArray(), testLabels.ToArray());
        Assert.True(auroc > 0.8, $"test AUROC {auroc}");
        Assert.True(model.CrossValidationAuroc > 0.8, $"CV AUROC {model.CrossValidationAuroc}");
        Assert.Contains(model.C, LogisticRegressionTrainer.DefaultCGrid);
        Assert.StartsWith("logistic-regression C=", model.Description);

        // Deterministic: a second fit gives the same bytes.
        Assert.Equal(model.Serialize(), new LogisticRegressionTrainer(seed: 42).Fit(train).Serialize());

        // Serialization round-trips scores exactly.
        LinearModel restored = LinearModel.Deserialize(model.Serialize());
        Assert.Equal(model.Description, restored.Description);
        for (int i = 0; i < 20; i++) Assert.Equal(model.Score(vectors[i]), restored.Score(vectors[i]));
    }

    [Fact]
    public void FitsAKnownOneDimensionalProblem()
    {
        // Symmetric data: x = ±1 mostly matching the label, so the optimum has intercept 0 and a positive weight.
        var data = new TrainingSet(1);
        for (int i = 0; i < 40; i++)
        {
            data.Add([1f], 1);
            data.Add([-1f], 0);
        }
        for (int i = 0; i < 10; i++)
        {
            data.Add([-1f], 1);
            data.Add([1f], 0);
        }
        var model = new LogisticRegressionTrainer(0) { CGrid = [1e6] }.Fit(data);
        // Almost unregularised: p(1 | x = 1) = 40 / 50.
        Assert.Equal(0.8f, model.Score([1f]), 3);
        Assert.Equal(0.2f, model.Score([-1f]), 3);
        Assert.Equal(0.0, model.Intercept, 3);
    }

    [Fact]
    public void ClassBalancingCentresScoresOnImbalancedData()
    {
        // 1 positive per 20 negatives with an uninformative feature: balanced weights give p ≈ 0.5, not 1/21.
        var data = new TrainingSet(2);
        var random = new Random(3);
        for (int i = 0; i < 420; i++) data.Add([(float)random.NextDouble(), 1f], (byte)(i % 21 == 0 ? 1 : 0));
        var model = new LogisticRegressionTrainer(0).Fit(data);
        Assert.InRange(model.Score([0.5f, 1f]), 0.4f, 0.6f);
    }

    [Fact]
    public void RegularisationShrinksWeights()
    {
        var (_, labels, behaviors) = SyntheticUsers(300, seed: 5);
        var encoder = new HashBehaviorEncoder();
        var data = new TrainingSet(encoder.Dimension);
        var v = new float[encoder.Dimension];
        for (int i = 0; i < labels.Count; i++)
        {
            encoder.Encode(behaviors[i], v);
            data.Add(v, labels[i]);
        }
        float Norm(LinearModel m) => System.Numerics.Tensors.TensorPrimitives.Norm(m.Weights);
        var strong = new LogisticRegressionTrainer(0) { CGrid = [0.01] }.Fit(data);
        var weak = new LogisticRegressionTrainer(0) { CGrid = [10] }.Fit(data);
        Assert.True(Norm(strong) < Norm(weak) / 5, $"{Norm(strong)} vs {Norm(weak)}");
        Assert.Equal("logistic-regression C=0.01", strong.Description);
        Assert.True(double.IsNaN(strong.CrossValidationAuroc)); // single-value grid: no CV needed
    }

    [Fact]
    public void NeedsBothClasses()
    {
        var data = new TrainingSet(2);
        data.Add([1f, 2f], 1);
        data.Add([2f, 1f], 1);
        Assert.Throws<ArgumentException>(() => new LogisticRegressionTrainer(0).Fit(data));
    }

    [Fact]
    public void TinyClassesSkipCrossValidation()
    {
        var data = new TrainingSet(1);
        data.Add([1f], 1);
        data.Add([0f], 0);
        data.Add([0.1f], 0);
        var model = new LogisticRegressionTrainer(0).Fit(data);
        Assert.Equal(LogisticRegressionTrainer.FallbackC, model.C);
        Assert.True(model.Score([1f]) > model.Score([0f]));
    }

    [Fact]
    public void StratifiedFoldsAreBalancedAndSeeded()
    {
        byte[] labels = Enumerable.Range(0, 90).Select(i => (byte)(i < 30 ? 1 : 0)).ToArray();
        int[] folds = LogisticRegressionTrainer.AssignFolds(labels, 3, seed: 9);
        for (int f = 0; f < 3; f++)
        {
            Assert.Equal(10, Enumerable.Range(0, 90).Count(i => folds[i] == f && labels[i] == 1));
            Assert.Equal(20, Enumerable.Range(0, 90).Count(i => folds[i] == f && labels[i] == 0));
        }
        Assert.Equal(folds, LogisticRegressionTrainer.AssignFolds(labels, 3, seed: 9));
        Assert.NotEqual(folds, LogisticRegressionTrainer.AssignFolds(labels, 3, seed: 10));
    }

    [Fact]
    public void DeserializeRejectsCorruptBytes()
    {
        var data = new TrainingSet(1);
        data.Add([1f], 1);
        data.Add([0f], 0);
        byte[] bytes = new LogisticRegressionTrainer(0).Fit(data).Serialize();
        Assert.Throws<InvalidDataException>(() => LinearModel.Deserialize(bytes.AsSpan(0, bytes.Length - 1)));
        bytes[0] = 0;
        Assert.Throws<InvalidDataException>(() => LinearModel.Deserialize(bytes));
    }

    [Fact]
    public void TrainingSetGrowsAndValidates()
    {
        var data = new TrainingSet(3);
        for (int i = 0; i < 100; i++) data.Add([i, i + 1, i + 2], (byte)(i % 2));
        Assert.Equal(100, data.Count);
        Assert.Equal([50f, 51f, 52f], data.GetRow(50).ToArray());
        Assert.Equal(1, data.GetLabel(51));
        Assert.Throws<ArgumentException>(() => data.Add([1f], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Add([1f, 2f, 3f], 2));
    }
}
