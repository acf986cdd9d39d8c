using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Learning;
using Xunit;

namespace OpenClue.Modeling.Tests;

/// <summary>The blend's share after repeated selection: each round's own choice, averaged (<see cref="BlendSelection.ChooseOverRounds"/>).</summary>
public class BlendOverRoundsTests
{
    private static readonly IBehaviorEncoder Hash = BehaviorEncoders.FindBuiltIn("oc-hash-1")!;

    private static (byte[] Labels, double[] Signal, double[] Noise) Decisions(int n, int seed)
    {
        var random = new Random(seed);
        var labels = new byte[n];
        var signal = new double[n];
        var noise = new double[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = (byte)(i % 2);
            signal[i] = labels[i] + 0.3 * random.NextDouble();
            noise[i] = random.NextDouble();
        }
        return (labels, signal, noise);
    }

    [Fact]
    public void The_share_is_the_mean_of_the_rounds_own_choices_and_scales_come_from_the_averaged_decisions()
    {
        (byte[] y, double[] signal, double[] noise) = Decisions(300, 4);
        // Round 1: only the linear decisions separate the classes (α 1); round 2: only the trees' (α < 1).
        var rounds = new List<(double[], double[]?)> { (signal, noise), (noise, signal) };
        double first = BlendSelection.Choose(signal, noise, y).Alpha, second = BlendSelection.Choose(noise, signal, y).Alpha;
        Assert.Equal(1, first);
        Assert.True(second < 0.5);
        double[] linear = signal.Zip(noise, (a, b) => (a + b) / 2).ToArray();
        double[] trees = noise.Zip(signal, (a, b) => (a + b) / 2).ToArray();
        BlendSelection blend = BlendSelection.ChooseOverRounds(rounds, linear, trees, y);
        Assert.Equal((first + second) / 2, blend.Alpha);
        BlendSelection plain = BlendSelection.Choose(linear, trees, y);
        Assert.Equal(plain.SdLinear, blend.SdLinear);
        Assert.Equal(plain.SdTrees, blend.SdTrees);
        Assert.Equal(plain.LinearAuroc, blend.LinearAuroc);
        // One round, or no trees: the plain choice.
        Assert.Equal(1, BlendSelection.ChooseOverRounds([(signal, noise)], signal, noise, y).Alpha);
        Assert.Equal(1, BlendSelection.ChooseOverRounds(rounds, linear, null, y).Alpha);
    }

    [Fact]
    public void The_trainer_blends_by_the_rounds_mean_share_deterministically()
    {
        var users = Synthetic.Users(600, 8, "u");
        byte[] features = Synthetic.Features(Hash, users.Take(500)), testFeatures = Synthetic.Features(Hash, users.Skip(500));
        var labels = users.Take(500).ToDictionary(u => u.Id, u => u.Label);
        var testLabels = users.Skip(500).ToDictionary(u => u.Id, u => u.Label);
        TaskTrainingResult Train() => new TaskTrainer(3).Train("t", Synthetic.Open(features), labels, Synthetic.Open(testFeatures), testLabels, default);
        TaskTrainingResult a = Train(), b = Train();
        Assert.Equal(a.Model, b.Model);

        // The same selection by hand: the stored share is the mean of the three rounds' own choices.
        var data = new TaskData(HashBehaviorEncoder.VectorDimension);
        using (var reader = Synthetic.Open(features)())
        {
            var user = new Features.UserFeatures();
            for (int i = 0; reader.TryRead(user); i++) data.Add(user, users[i].Label);
        }
        TaskTrainer defaults = new(3);
        var options = new SelectionOptions(new LinearSettings { EvidenceWeighting = false, KindPenalty = TaskTrainer.DefaultKindPenalty },
            defaults.CGrid, defaults.Folds, defaults.MaxSelectionUsers, EvidenceWeighting: true, LinearDense: false, EnableTrees: true);
        RepeatedSelection selection = RepeatedSelection.Run(data, Enumerable.Range(0, data.Count).ToArray(), options, 3, 3, default);
        byte[] y = selection.Rounds[0].Design.Labels;
        double expected = selection.RoundOutOfFold.Sum(r => BlendSelection.Choose(r.Linear, r.Trees, y).Alpha) / 3;
        Assert.Equal(expected, TaskModel.Deserialize(a.Model).Alpha);
        // On these users the choice on the averaged decisions differs, so the test fails if the trainer went back to it.
        Assert.NotEqual(BlendSelection.Choose(selection.LinearOutOfFold, selection.TreesOutOfFold, y).Alpha, expected);
        Assert.Equal(expected, BlendSelection.ChooseOverRounds(selection.RoundOutOfFold, selection.LinearOutOfFold, selection.TreesOutOfFold, y).Alpha);
        // Each round's decisions are its own; their mean is what the other steps see.
        for (int q = 0; q < y.Length; q += 97)
            Assert.Equal(selection.RoundOutOfFold.Average(r => r.Linear[q]), selection.LinearOutOfFold[q], 12);
    }
}
