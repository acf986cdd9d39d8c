using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;
using Xunit;

namespace OpenClue.Modeling.Tests;

/// <summary>The linear model's penalty choice (<see cref="PenaltySelection"/>) and the recent blocks' penalty factor.</summary>
public class LinearSelectionTests
{
    private static readonly IBehaviorEncoder Hash = BehaviorEncoders.FindBuiltIn("oc-hash-1")!;
    private static readonly double[] Grid = [1.0 / 1024, 1.0 / 128, 1.0 / 16, 0.5, 4, 32, 256];

    /// <summary>Label 1 = bought one of 300 rare items (each bought by a handful of users), among common noise.</summary>
    private static List<(string Id, List<string> Behaviors, byte Label)> RareItems(int count, int seed)
    {
        var r = new Random(seed);
        var users = new List<(string, List<string>, byte)>();
        for (int u = 0; u < count; u++)
        {
            var seq = new List<string>();
            for (int i = r.Next(10, 30); i > 0; i--) seq.Add($"view: {Synthetic.Words[r.Next(Synthetic.Words.Length)]} item {r.Next(200)}");
            byte label = (byte)(r.NextDouble() < 0.35 ? 1 : 0);
            if (label == 1 && r.NextDouble() < 0.8) seq.Insert(r.Next(seq.Count + 1), $"buy: rare{r.Next(300)}");
            if (label == 0 && r.NextDouble() < 0.05) seq.Insert(r.Next(seq.Count + 1), $"buy: rare{r.Next(300)}");
            users.Add(($"r{u}", seq, label));
        }
        return users;
    }

    /// <summary>Label drawn from a logistic model over many common words, each a weak effect (signal spread thin).</summary>
    private static List<(string Id, List<string> Behaviors, byte Label)> SpreadSignal(int count, int seed)
    {
        var r = new Random(seed);
        string[] words = Enumerable.Range(0, 60).Select(i => $"w{i}").ToArray();
        double[] effect = words.Select(_ => r.NextDouble() * 0.6 - 0.3).ToArray();
        var users = new List<(string, List<string>, byte)>();
        for (int u = 0; u < count; u++)
        {
            var seq = new List<string>();
            double z = -0.3;
            for (int i = r.Next(10, 30); i > 0; i--)
            {
                int w = r.Next(words.Length);
                z += effect[w];
                seq.Add($"view: {words[w]} item {r.Next(400)}");
            }
            users.Add(($"s{u}", seq, (byte)(r.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0)));
        }
        return users;
    }

    private static TaskData Load(List<(string Id, List<string> Behaviors, byte Label)> users)
    {
        var data = new TaskData(HashBehaviorEncoder.VectorDimension);
        using var reader = Synthetic.Open(Synthetic.Features(Hash, users))();
        var user = new UserFeatures();
        for (int i = 0; reader.TryRead(user); i++) data.Add(user, users[i].Label);
        return data;
    }

    private static LinearPath Select(TaskData data, int seed, bool considerEvidence)
    {
        int[] rows = Enumerable.Range(0, data.Count).ToArray();
        SelectionSample sample = SelectionSample.Draw(data, rows, 12_000, 3, seed);
        var settings = new LinearSettings { EvidenceWeighting = false };
        LinearDesign design = LinearDesign.Build(data, sample.Rows, includeDense: false, rowMajor: true, settings);
        return PenaltySelection.Run(data, sample, design, Grid, settings, considerEvidence, includeDense: false, seed, default).Chosen;
    }

    [Fact]
    public void The_evidence_scaled_penalty_is_chosen_where_rare_ids_separate_the_classes()
    {
        TaskData data = Load(RareItems(1500, 3));
        LinearPath chosen = Select(data, 5, considerEvidence: true);
        LinearPath plain = Select(data, 5, considerEvidence: false);
        Assert.True(chosen.Settings.EvidenceWeighting, $"evidence cv {chosen.CvAuroc:F4}, plain {plain.CvAuroc:F4}");
        Assert.True(chosen.CvAuroc > plain.CvAuroc + PenaltySelection.Margin);
        Assert.False(plain.Settings.EvidenceWeighting);
    }

    [Fact]
    public void The_plain_penalty_is_kept_where_the_signal_is_spread_over_many_ids_and_the_choice_is_deterministic()
    {
        TaskData data = Load(SpreadSignal(1500, 4));
        LinearPath a = Select(data, 9, considerEvidence: true), b = Select(data, 9, considerEvidence: true);
        Assert.False(a.Settings.EvidenceWeighting, $"cv {a.CvAuroc:F4}");
        Assert.Equal(a.C, b.C);
        Assert.Equal(a.OutOfFold, b.OutOfFold);
    }

    [Fact]
    public void Kind_penalty_multiplies_the_recent_columns_penalty_and_shrinks_their_weights()
    {
        TaskData data = Load(Synthetic.Users(800, 2, "u"));
        int[] rows = Enumerable.Range(0, data.Count).ToArray();
        var flat = new LinearSettings { EvidenceWeighting = false };
        var damped = new LinearSettings { EvidenceWeighting = false, KindPenalty = TaskTrainer.DefaultKindPenalty };
        LinearDesign design = LinearDesign.Build(data, rows, includeDense: false, rowMajor: false, flat);
        double[] penalty = damped.Penalty(design, rows)!;
        Assert.Null(flat.Penalty(design, rows));
        for (int j = 0; j < design.SparseColumns; j++)
            Assert.Equal(SparseFeatures.KindOf(design.ColumnIds[j]) is SparseFeatures.KindRecentToken or SparseFeatures.KindRecentBehavior ? 4.0 : 1.0, penalty[j]);

        double RecentShare(LinearSettings s)
        {
            var p = new double[design.ParameterCount];
            LinearFit.Refit(design, 0.5, p, s);
            double recent = 0, all = 0;
            for (int j = 0; j < design.SparseColumns; j++)
            {
                all += Math.Abs(p[j]);
                if (SparseFeatures.KindOf(design.ColumnIds[j]) is SparseFeatures.KindRecentToken or SparseFeatures.KindRecentBehavior) recent += Math.Abs(p[j]);
            }
            return recent / all;
        }
        Assert.True(RecentShare(damped) < 0.7 * RecentShare(flat), $"{RecentShare(damped):F3} vs {RecentShare(flat):F3}");
    }
}
