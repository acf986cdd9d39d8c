using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Learning;
using Xunit;

namespace OpenClue.Modeling.Tests;

/// <summary>The seeded sample of training users a task holds (<see cref="FitSample"/>) and the trainer fitted on it.</summary>
public class FitSampleTests
{
    private static readonly IBehaviorEncoder Hash = BehaviorEncoders.FindBuiltIn("oc-hash-1")!;

    private static Dictionary<string, byte> ManyLabels(int count, double positiveShare)
    {
        var r = new Random(5);
        var labels = new Dictionary<string, byte>();
        for (int i = 0; i < count; i++) labels[$"user-{i}"] = (byte)(r.NextDouble() < positiveShare ? 1 : 0);
        return labels;
    }

    [Fact]
    public void Keeps_about_the_requested_share_the_same_users_per_seed_and_all_when_they_fit()
    {
        var train = ManyLabels(200_000, 0.3);
        var test = new Dictionary<string, byte> { ["user-0"] = 1 }; // D16: test only, not counted
        FitSample sample = FitSample.For(train, test, 50_000, 1_000, seed: 7);
        Assert.Equal(50_000.0 / 199_999, sample.Probability, 9);
        int kept = train.Keys.Count(sample.Keeps);
        Assert.InRange(kept, 48_500, 51_500);
        // Decided per user id: the same users whatever the order they are met in, other users for another seed.
        var again = FitSample.For(train, test, 50_000, 1_000, seed: 7);
        Assert.True(train.Keys.Reverse().All(id => sample.Keeps(id) == again.Keeps(id)));
        var other = FitSample.For(train, test, 50_000, 1_000, seed: 8);
        Assert.InRange(train.Keys.Count(id => sample.Keeps(id) && other.Keeps(id)), 10_000, 15_000);

        FitSample all = FitSample.For(train, test, 200_000, 1_000, seed: 7);
        Assert.Equal(1, all.Probability);
        Assert.True(train.Keys.All(all.Keeps));
    }

    [Fact]
    public void A_rare_class_raises_the_share_so_enough_of_it_is_kept()
    {
        var train = ManyLabels(200_000, 0.01); // ≈ 2,000 positives
        FitSample sample = FitSample.For(train, new Dictionary<string, byte>(), 20_000, 1_000, seed: 3);
        int positives = train.Count(kv => kv.Value == 1);
        Assert.Equal(1_000.0 / positives, sample.Probability, 9);
        Assert.InRange(train.Count(kv => kv.Value == 1 && sample.Keeps(kv.Key)), 850, 1_150);
    }

    [Fact]
    public void The_trainer_fits_on_the_sample_reports_every_training_user_and_is_deterministic()
    {
        var users = Synthetic.Users(1_600, 21, "u");
        byte[] first = Synthetic.Features(Hash, users.Take(800)), second = Synthetic.Features(Hash, users.Skip(800)); // two shards
        var train = users.Take(1_200).ToDictionary(u => u.Id, u => u.Label);
        var test = users.Skip(1_200).ToDictionary(u => u.Id, u => u.Label);
        TaskTrainingResult Run(int maxFitUsers) => new TaskTrainer(4) { MaxFitUsers = maxFitUsers, MinFitUsersPerClass = 100 }
            .Train("t", [Synthetic.Open(first), Synthetic.Open(second)], train, null, test, default);
        TaskTrainingResult full = Run(100_000), sampled = Run(500), again = Run(500);
        Assert.Equal(1_200, full.TrainUsers);
        Assert.Equal(1_200, sampled.TrainUsers); // the labelled training users found, not the sample
        Assert.Equal(sampled.Model, again.Model);
        Assert.NotEqual(full.Model, sampled.Model);
        Assert.Equal(400, sampled.TestUsers);
        Assert.True(sampled.Auroc > 0.8, $"AUROC {sampled.Auroc}");
        Assert.Contains(sampled.TopPositive, w => w.Name.Contains("organic", StringComparison.Ordinal)); // named from the merged table
    }
}
