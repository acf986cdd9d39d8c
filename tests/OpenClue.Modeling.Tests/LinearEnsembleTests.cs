using System.Buffers.Binary;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;
using Xunit;

namespace OpenClue.Modeling.Tests;

/// <summary>The row-normalised second linear member of small training sets (<see cref="LinearEnsemble"/>).</summary>
public class LinearEnsembleTests
{
    private static readonly IBehaviorEncoder Hash = BehaviorEncoders.FindBuiltIn("oc-hash-1")!;
    private static readonly double[] Grid = [1.0 / 1024, 1.0 / 128, 1.0 / 16, 0.5, 4, 32, 256];

    private static readonly SelectionOptions Options = new(new LinearSettings { EvidenceWeighting = false, KindPenalty = TaskTrainer.DefaultKindPenalty },
        Grid, Folds: 3, MaxSelectionUsers: 12_000, EvidenceWeighting: true, LinearDense: false, EnableTrees: true);

    private static TaskData Load(List<(string Id, List<string> Behaviors, byte Label)> users)
    {
        var data = new TaskData(HashBehaviorEncoder.VectorDimension);
        using var reader = Synthetic.Open(Synthetic.Features(Hash, users))();
        var user = new UserFeatures();
        for (int i = 0; reader.TryRead(user); i++) data.Add(user, users[i].Label);
        return data;
    }

    private static (RepeatedSelection Primary, LinearEnsemble Ensemble) Fit(TaskData data, int seed, IReadOnlyList<double> shares)
    {
        int[] rows = Enumerable.Range(0, data.Count).ToArray();
        RepeatedSelection primary = RepeatedSelection.Run(data, rows, Options, 3, seed, default);
        return (primary, LinearEnsemble.Fit(data, rows, Options, 3, seed, primary, shares, default));
    }

    private static double StdDev(double[] v)
    {
        double mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
    }

    [Fact]
    public void Row_normalisation_gives_each_row_unit_norm_over_all_kinds()
    {
        var r = new Random(3);
        uint[] ids = Enumerable.Range(0, 200).Select(_ => SparseFeatures.MakeId(r.Next(SparseFeatures.KindCount), (uint)r.Next(1 << 20))).Distinct().Order().ToArray();
        byte[] counts = ids.Select(_ => (byte)r.Next(1, 40)).ToArray();
        float[] idf = ids.Select((_, i) => i % 7 == 0 ? 0f : (float)(1 + r.NextDouble() * 4)).ToArray(); // idf 0: not a column
        var perKind = new float[ids.Length];
        var row = new float[ids.Length];
        IdfTransform.Apply(ids, counts, idf, perKind);
        IdfTransform.Apply(ids, counts, idf, row, rowWide: true);
        Assert.Equal(1, row.Sum(v => (double)v * v), 5);
        Assert.True(perKind.Sum(v => (double)v * v) > 1.5); // one unit block per kind present
        for (int i = 0; i < ids.Length; i++)
        {
            if (idf[i] == 0) { Assert.Equal(0, row[i]); continue; }
            // Within a kind both are the same vector up to a factor: the block's norm over the row's.
            int first = Array.FindIndex(ids, id => SparseFeatures.KindOf(id) == SparseFeatures.KindOf(ids[i]) && idf[Array.IndexOf(ids, id)] != 0);
            Assert.Equal(row[first] / perKind[first], row[i] / perKind[i], 4);
        }
    }

    [Fact]
    public void The_mix_is_one_linear_model_that_the_scorer_reproduces()
    {
        TaskData data = Load(Synthetic.Users(400, 5, "u"));
        (RepeatedSelection primary, LinearEnsemble mix) = Fit(data, 7, [0.5]);
        RepeatedSelection member = mix.RowMember!;
        Assert.Equal(0.5, mix.Share);
        // Same rounds, hence the same folds; the member is row-normalised, plain, without trees.
        for (int r = 0; r < 3; r++) Assert.Equal(primary.Rounds[r].Sample.Rows, member.Rounds[r].Sample.Rows);
        Assert.All(member.Rounds, r => Assert.True(r.Path.Settings.RowNormalised && !r.Path.Settings.EvidenceWeighting && r.Trees is null));
        Assert.False(primary.Rounds[0].Path.Settings.RowNormalised);

        double sdKind = StdDev(primary.LinearOutOfFold), sdRow = StdDev(member.LinearOutOfFold);
        for (int i = 0; i < mix.OutOfFold.Length; i++)
            Assert.Equal(0.5 * primary.LinearOutOfFold[i] / sdKind + 0.5 * member.LinearOutOfFold[i] / sdRow, mix.OutOfFold[i], 9);

        // The stored weights (per-kind and row weights over the primary's ids) score every user as the members' designs do.
        LinearDesign kindDesign = primary.Linear.Design, rowDesign = member.Linear.Design;
        Assert.Equal(kindDesign.ColumnIds, rowDesign.ColumnIds);
        double[] p = mix.Parameters;
        var table = new SparseWeightTable(kindDesign.ColumnIds, p.Take(kindDesign.SparseColumns).Select(v => (float)v).ToArray(), kindDesign.Idf,
            mix.RowWeights.Select(v => (float)v).ToArray());
        for (int q = 0; q < kindDesign.Rows.Length; q += 13)
        {
            int user = kindDesign.Rows[q];
            double expected = 0.5 * Decision(kindDesign, primary.Linear.Parameters, q) / sdKind
                + 0.5 * Decision(rowDesign, member.Linear.Parameters, Array.IndexOf(rowDesign.Rows, user)) / sdRow;
            double scored = table.Decision(data.IdsOf(user), data.CountsOf(user)) + p[^1];
            Assert.Equal(expected, scored, 4);
        }
    }

    /// <summary>A design row's linear decision from its row-major values.</summary>
    private static double Decision(LinearDesign design, double[] parameters, int position)
    {
        double z = parameters[^1];
        for (long e = design.Ptr[position]; e < design.Ptr[position + 1]; e++) z += design.Vals[e] * parameters[design.Cols[e]];
        return z;
    }

    [Fact]
    public void The_ensemble_is_deterministic_per_seed()
    {
        TaskData data = Load(Synthetic.Users(300, 6, "u"));
        LinearEnsemble a = Fit(data, 11, [0.5]).Ensemble, b = Fit(data, 11, [0.5]).Ensemble, c = Fit(data, 12, [0.5]).Ensemble;
        Assert.Equal(a.Parameters, b.Parameters);
        Assert.Equal(a.RowWeights, b.RowWeights);
        Assert.Equal(a.OutOfFold, b.OutOfFold);
        Assert.NotEqual(a.RowWeights, c.RowWeights);
    }

    [Fact]
    public void The_share_is_the_candidate_with_the_best_out_of_fold_AUROC_and_share_0_is_the_primary_unchanged()
    {
        TaskData data = Load(Synthetic.Users(300, 8, "u"));
        double[] shares = [0, 0.25, 0.5, 0.75, 1];
        (RepeatedSelection primary, LinearEnsemble mix) = Fit(data, 3, shares);
        RepeatedSelection member = mix.RowMember!;
        byte[] labels = primary.Rounds[0].Design.Labels;
        double sdKind = StdDev(primary.LinearOutOfFold), sdRow = StdDev(member.LinearOutOfFold);
        double AurocAt(double s) => Auroc.Compute(primary.LinearOutOfFold.Select((k, i) => (float)((1 - s) * k / sdKind + s * member.LinearOutOfFold[i] / sdRow)).ToArray(), labels);
        double best = shares.Max(AurocAt);
        Assert.Equal(best, AurocAt(mix.Share));
        Assert.Equal(shares.First(s => AurocAt(s) == best), mix.Share); // ties: the earlier candidate

        LinearEnsemble alone = LinearEnsemble.Mix(primary, member, [0]);
        Assert.Same(primary.Linear.Parameters, alone.Parameters);
        Assert.Empty(alone.RowWeights);
        Assert.Same(primary.LinearOutOfFold, alone.OutOfFold);
    }

    [Fact]
    public void The_trainer_adds_the_row_member_only_up_to_the_repeated_selection_bound()
    {
        var users = Synthetic.Users(600, 4, "u");
        byte[] features = Synthetic.Features(Hash, users);
        var labels = users.ToDictionary(u => u.Id, u => u.Label);
        TaskTrainingResult small = new TaskTrainer(5) { EnableTrees = false }.Train("t", Synthetic.Open(features), labels, (Func<FeatureSetReader>?)null, null, default);
        TaskTrainingResult large = new TaskTrainer(5) { MaxRepeatedSelectionUsers = 100, EnableTrees = false }.Train("t", Synthetic.Open(features), labels, (Func<FeatureSetReader>?)null, null, default);
        Assert.Contains("row-normalised member", small.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("row-normalised member", large.Description, StringComparison.Ordinal);
        var model = (TaskModel)TaskModels.Deserialize(small.Model);
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(small.Model.AsSpan(4)));
        Assert.Equal(model.SparseIds.Length, model.SparseRowWeights.Length);
        Assert.Contains(model.SparseRowWeights, w => w != 0);
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(large.Model.AsSpan(4)));
        Assert.Empty(((TaskModel)TaskModels.Deserialize(large.Model)).SparseRowWeights);
    }

    [Fact]
    public void Version_3_models_round_trip_and_models_without_row_weights_stay_version_2()
    {
        var r = new Random(2);
        TaskModel Make(bool row) => new()
        {
            FeatureModelName = "oc-hash-1", Dimension = 512, SparseIds = [3, 9, 70], SparseWeights = [0.5f, -0.25f, 1f], SparseIdf = [1f, 2f, 3f],
            SparseRowWeights = row ? [0.1f, 0.2f, -0.3f] : [], Bias = r.NextDouble(),
        };
        byte[] v3 = Make(true).Serialize(), v2 = Make(false).Serialize();
        Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(v3.AsSpan(4)));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(v2.AsSpan(4)));
        Assert.Equal(v2.Length + 12, v3.Length);
        var read = TaskModel.Deserialize(v3);
        Assert.Equal([0.1f, 0.2f, -0.3f], read.SparseRowWeights);
        Assert.Equal(v3, read.Serialize());
        Assert.Empty(TaskModel.Deserialize(v2).SparseRowWeights);
        Assert.Throws<InvalidDataException>(() => TaskModel.Deserialize(v3.AsSpan(0, v3.Length - 4)));
    }
}
