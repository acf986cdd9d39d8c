using System.Globalization;
using System.Text;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;

namespace OpenClue.Modeling.Tests;

/// <summary>The scoring path: batch reading, the prepared model against the plain formulas, the result text.</summary>
public class ScoringTests
{
    private static readonly IBehaviorEncoder Hash = BehaviorEncoders.FindBuiltIn("oc-hash-1")!;

    private static byte[] Features(int users, int seed) => Synthetic.Features(Hash, Synthetic.Users(users, seed, "사용자"));

    [Fact]
    public void Batches_hold_the_same_users_as_record_by_record_reading_across_refills()
    {
        byte[] bytes = Features(40, 1);
        var expected = new List<(string Id, int Tokens, float[] Dense, uint[] Ids, byte[] Counts)>();
        using (var reader = new FeatureSetReader(new MemoryStream(bytes)))
        {
            var u = new UserFeatures();
            while (reader.TryRead(u)) expected.Add((u.UserId, u.TokenCount, (float[])u.Dense.Clone(), u.SparseIds.ToArray(), u.SparseCounts.ToArray()));
        }
        // One byte per Read: every record is cut by the end of the buffer at every possible place.
        using var batches = new FeatureSetReader(new TestData.TrickleStream(bytes)) { SkipFeatureNames = true };
        var batch = new FeatureBatch(batches.Dimension, 7);
        var dense = new float[batches.Dimension];
        int i = 0;
        while (batches.ReadBatch(batch) > 0)
        {
            Assert.True(batch.Count == 7 || i + batch.Count == expected.Count);
            for (int k = 0; k < batch.Count; k++, i++)
            {
                Assert.Equal(expected[i].Id, batch.UserId(k));
                Assert.Equal(expected[i].Id, System.Text.Encoding.UTF8.GetString(batch.UserIdUtf8(k)));
                Assert.Equal(expected[i].Tokens, batch.TokenCount(k));
                batch.Dequantize(k, dense);
                Assert.Equal(expected[i].Dense, dense);
                Assert.Equal(expected[i].Ids, batch.SparseIds(k).ToArray());
                Assert.Equal(expected[i].Counts, batch.SparseCounts(k).ToArray());
            }
        }
        Assert.Equal(expected.Count, i);
        Assert.Equal(40, batches.UserCount);
        Assert.Equal(expected.Sum(e => (long)e.Tokens), batches.TokenCount);
        Assert.Empty(batches.FeatureNames);
        Assert.Equal(0, batches.ReadBatch(batch));
    }

    [Fact]
    public void Framing_without_the_sparse_part_reads_the_same_users_across_refills_and_trees_score_alike()
    {
        byte[] bytes = Features(300, 3); // users with a few to a few hundred sparse entries: blocks cut every way
        var expected = new List<(string Id, int Tokens, float[] Dense)>();
        using (var reader = new FeatureSetReader(new MemoryStream(bytes)))
        {
            var u = new UserFeatures();
            while (reader.TryRead(u)) expected.Add((u.UserId, u.TokenCount, (float[])u.Dense.Clone()));
        }
        foreach (Stream input in new Stream[] { new TestData.TrickleStream(bytes), new MemoryStream(bytes) })
        {
            using var framed = new FeatureSetReader(input) { SkipFeatureNames = true };
            var batch = new FeatureBatch(framed.Dimension, 7) { SkipSparse = true };
            var dense = new float[framed.Dimension];
            int i = 0;
            while (framed.ReadBatch(batch) > 0)
                for (int k = 0; k < batch.Count; k++, i++)
                {
                    Assert.Equal(expected[i].Id, batch.UserId(k));
                    Assert.Equal(expected[i].Tokens, batch.TokenCount(k));
                    batch.Dequantize(k, dense);
                    Assert.Equal(expected[i].Dense, dense);
                    Assert.True(batch.SparseIds(k).IsEmpty);
                }
            Assert.Equal(expected.Count, i);
        }
        // A model of trees alone is scored from framed batches: the same lines as each user's probability.
        var r = new Random(5);
        var trees = new TaskModel
        {
            FeatureModelName = "oc-hash-1", ModelFamily = TaskModels.Gbdt, Dimension = 512, Alpha = 0,
            Trees = Enumerable.Range(0, 20).Select(t => RandomTree(r, 512, 1 + t % 5)).ToList(), SdTrees = 0.7, PlattA = 1.1, PlattB = 0.2,
        };
        Assert.False(trees.Prepared.UsesSparse);
        string[] lines = Scores(trees, bytes, 2).Split('\n');
        for (int i = 0; i < expected.Count; i++)
        {
            var u = new UserFeatures { UserId = expected[i].Id, Dense = expected[i].Dense };
            string want = Math.Clamp(trees.Prepared.Probability(u), 0, 1).ToString("F6", CultureInfo.InvariantCulture);
            Assert.Equal(expected[i].Id + "\t" + want, lines[i]);
        }
    }

    [Fact]
    public void Skipping_names_still_validates_the_footer_and_every_truncation_is_detected()
    {
        byte[] bytes = Features(3, 2);
        byte[] badFooter = (byte[])bytes.Clone();
        badFooter[^20] ^= 1; // user count
        Assert.Throws<InvalidDataException>(() => ReadAll(badFooter));
        for (int length = 0; length < bytes.Length; length += 1 + length / 50)
            Assert.Throws<InvalidDataException>(() => ReadAll(bytes[..length]));
        Assert.Equal(3, ReadAll(bytes));

        static int ReadAll(byte[] bytes)
        {
            using var reader = new FeatureSetReader(new MemoryStream(bytes)) { SkipFeatureNames = true };
            var batch = new FeatureBatch(reader.Dimension, 2);
            int n = 0;
            while (reader.ReadBatch(batch) > 0) n += batch.Count;
            return n;
        }
    }

    [Fact]
    public void Batches_reject_version_1_files_and_invalid_user_ids()
    {
        var ms = new MemoryStream();
        using (var w = new FeatureSetWriter(ms, "oc-hash-1", 3, leaveOpen: true))
        {
            w.Write("a", [1f, 2f, 3f], 4);
            w.Complete();
        }
        using (var v1 = new FeatureSetReader(new MemoryStream(ms.ToArray())))
            Assert.Throws<NotSupportedException>(() => v1.ReadBatch(new FeatureBatch(3, 4)));

        byte[] bytes = Features(1, 3);
        int at = IndexOf(bytes, System.Text.Encoding.UTF8.GetBytes("사용자0"));
        bytes[at] = 0xFF; // not UTF-8
        using var reader = new FeatureSetReader(new MemoryStream(bytes));
        Assert.Throws<InvalidDataException>(() => reader.ReadBatch(new FeatureBatch(reader.Dimension, 4)));
        using var one = new FeatureSetReader(new MemoryStream(bytes));
        Assert.Throws<InvalidDataException>(() => one.TryRead(new UserFeatures()));
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    [Fact]
    public void Quantized_dot_and_dequantisation_match_the_float_vector()
    {
        var r = new Random(5);
        foreach (int dim in new[] { 1, 31, 32, 64, 100, 512 })
        {
            var v = Enumerable.Range(0, dim).Select(_ => (float)(r.NextDouble() * 4 - 2)).ToArray();
            var w = Enumerable.Range(0, dim).Select(_ => (float)(r.NextDouble() - 0.5)).ToArray();
            var halves = new Half[FeatureSetFormat.BlockCount(dim)];
            var q = new sbyte[dim];
            FeatureSetFormat.Quantize(v, halves, q);
            float[] scales = halves.Select(h => (float)h).ToArray();
            var expected = new float[dim];
            FeatureSetFormat.Dequantize(halves, q, expected);
            var actual = new float[dim];
            QuantizedDense.Dequantize(scales, q, actual);
            Assert.Equal(expected, actual);
            double dot = 0;
            for (int j = 0; j < dim; j++) dot += (double)expected[j] * w[j];
            Assert.Equal(dot, QuantizedDense.Dot(scales, q, w), 1e-4);
        }
    }

    [Fact]
    public void Score_text_is_the_framework_F6_text()
    {
        var r = new Random(11);
        var values = new List<double> { 0, 1, double.Epsilon, 1e-300, 4e-7, 5e-7, 0.5, 0.0078125, 0.9999995, 0.99999949999, 1 - 1e-16, double.NaN, -0.0 };
        for (int k = 0; k < 200_000; k++) values.Add(r.NextDouble());
        for (int k = 0; k < 20_000; k++)
        {
            double tie = (r.Next(1_000_000) + 0.5) / 1e6; // the nearest doubles to a decimal tie, on both sides
            values.Add(tie);
            values.Add(Math.BitIncrement(tie));
            values.Add(Math.BitDecrement(tie));
        }
        Span<byte> mine = stackalloc byte[ScoreText.MaxBytes];
        foreach (double p in values)
        {
            int n = ScoreText.WriteF6(p, mine);
            Assert.Equal(p.ToString("F6", CultureInfo.InvariantCulture), System.Text.Encoding.UTF8.GetString(mine[..n]));
        }
    }

    [Fact]
    public void Flat_trees_sum_exactly_like_the_trees_including_short_branches_and_NaN()
    {
        var r = new Random(2);
        var trees = new List<GbdtTree>();
        for (int t = 0; t < 23; t++) trees.Add(RandomTree(r, dim: 6, maxDepth: 1 + t % 6));
        trees.Add(new GbdtTree { Feature = [-1], Threshold = [0], Left = [0], Right = [0], Value = [0.25f] }); // a lone leaf
        FlatTrees flat = FlatTrees.TryCreate(trees, 6)!;
        for (int k = 0; k < 2000; k++)
        {
            float[] x = Enumerable.Range(0, 6).Select(_ => r.NextDouble() < 0.05 ? float.NaN : (float)(r.NextDouble() * 2 - 1)).ToArray();
            double expected = 0;
            foreach (GbdtTree t in trees) expected += t.Predict(x);
            Assert.Equal(expected, flat.Sum(x));
        }
        Assert.Null(FlatTrees.TryCreate([RandomTree(r, 6, FlatTrees.MaxDepth + 1, full: true)], 6));
        Assert.Null(FlatTrees.TryCreate(trees, 5)); // a feature outside the dimension
    }

    /// <summary>A random tree whose leaves sit at depths 1..maxDepth (full: all at maxDepth), nodes in depth-first order.</summary>
    private static GbdtTree RandomTree(Random r, int dim, int maxDepth, bool full = false)
    {
        var f = new List<int>(); var th = new List<float>(); var l = new List<int>(); var rt = new List<int>(); var v = new List<float>();
        int Add(int depth)
        {
            int i = f.Count;
            f.Add(-1); th.Add(0); l.Add(0); rt.Add(0); v.Add((float)(r.NextDouble() - 0.5));
            if (depth < maxDepth && (full || depth == 0 || r.NextDouble() < 0.7))
            {
                f[i] = r.Next(dim);
                th[i] = (float)(r.NextDouble() * 2 - 1);
                l[i] = Add(depth + 1);
                rt[i] = Add(depth + 1);
            }
            return i;
        }
        Add(0);
        return new GbdtTree { Feature = f.ToArray(), Threshold = th.ToArray(), Left = l.ToArray(), Right = rt.ToArray(), Value = v.ToArray() };
    }

    [Fact]
    public void Prepared_model_scores_like_the_plain_formulas()
    {
        byte[] bytes = Features(300, 4);
        var users = new List<UserFeatures>();
        using (var reader = new FeatureSetReader(new MemoryStream(bytes)))
        {
            var u = new UserFeatures();
            while (reader.TryRead(u))
            {
                users.Add(u);
                u = new UserFeatures();
            }
        }
        var r = new Random(1);
        // Every other id seen is in the model, plus ids no user has, and one repeated id (its first weight counts).
        uint[] seen = users.SelectMany(u => u.SparseIds.ToArray()).Distinct().Order().ToArray();
        var ids = seen.Where((_, i) => i % 2 == 0).Concat([7u, 0x0400_0001u, seen[0]]).ToArray();
        var model = new TaskModel
        {
            FeatureModelName = "oc-hash-1", ModelFamily = TaskModels.Blend, Dimension = 512,
            SparseIds = ids, SparseWeights = ids.Select(_ => (float)(r.NextDouble() - 0.5)).ToArray(),
            SparseIdf = ids.Select(_ => (float)(1 + r.NextDouble() * 5)).ToArray(),
            DenseMean = Enumerable.Range(0, 512).Select(_ => (float)(r.NextDouble() * 0.1)).ToArray(),
            DenseScale = Enumerable.Range(0, 512).Select(_ => (float)(0.5 + r.NextDouble())).ToArray(),
            DenseWeights = Enumerable.Range(0, 512).Select(_ => (float)(r.NextDouble() - 0.5)).ToArray(),
            Bias = 0.3, Trees = Enumerable.Range(0, 12).Select(t => RandomTree(r, 512, 1 + t % 5)).ToList(),
            Alpha = 0.6, SdLinear = 1.7, SdTrees = 0.8, PlattA = 1.2, PlattB = -0.4,
        };
        var expected = users.Select(u => Reference(model, u)).ToArray();
        for (int i = 0; i < users.Count; i++) Assert.Equal(expected[i], model.Probability(users[i]), 1e-7); // float rounding only

        // The batch path (quantised dense bytes) and the result lines, serial and parallel.
        using (var reader = new FeatureSetReader(new MemoryStream(bytes)))
        {
            var batch = new FeatureBatch(512, 64);
            var dense = new float[512];
            int i = 0;
            while (reader.ReadBatch(batch) > 0)
                for (int k = 0; k < batch.Count; k++, i++) Assert.Equal(expected[i], model.Prepared.Probability(batch, k, dense), 1e-7);
        }
        string serial = Scores(model, bytes, 1), parallel = Scores(model, bytes, 3);
        Assert.Equal(serial, parallel);
        string[] lines = serial.Split('\n');
        Assert.Equal(users.Count + 1, lines.Length);
        Assert.Equal("", lines[^1]);
        for (int i = 0; i < users.Count; i++)
        {
            string[] parts = lines[i].Split('\t');
            Assert.Equal(users[i].UserId, parts[0]);
            Assert.Matches(@"^[01]\.\d{6}$", parts[1]);
            Assert.Equal(expected[i], double.Parse(parts[1], CultureInfo.InvariantCulture), 5e-7 + 1e-7);
        }
    }

    [Fact]
    public void The_hot_part_order_from_sorted_prefixes_is_the_full_sort_by_idf_then_model_position()
    {
        // The table's constructor orders ids by (idf, model position) a prefix at a time; each prefix must be the next
        // keys of one full sort, whatever the ties (few distinct idf values) and the prefix sizes asked.
        var r = new Random(5);
        float[] idfs = [-2.5f, -0f, 0f, 1f, 1.0000001f, 2.75f, 3f, 9.5f, float.MaxValue, float.PositiveInfinity];
        for (int k = 1; k < idfs.Length; k++)
            Assert.True(SparseWeightTable.IdfOrderKey(idfs[k - 1]) <= SparseWeightTable.IdfOrderKey(idfs[k]));
        Assert.Equal(SparseWeightTable.IdfOrderKey(-0f), SparseWeightTable.IdfOrderKey(0f));
        foreach (int distinct in new[] { 1, 7, 5_000 })
        {
            var keys = new ulong[60_000];
            for (int i = 0; i < keys.Length; i++)
                keys[i] = (ulong)SparseWeightTable.IdfOrderKey(1 + r.Next(distinct) * 0.37f) << 32 | (uint)i;
            ulong[] expected = (ulong[])keys.Clone();
            Array.Sort(expected);
            for (int next = 0; next < keys.Length;)
            {
                int wanted = 1 + r.Next(9_000);
                int front = SparseWeightTable.SortPrefix(keys.AsSpan(next), wanted);
                Assert.True(front >= Math.Min(wanted, keys.Length - next));
                Assert.Equal(expected.AsSpan(next, front).ToArray(), keys.AsSpan(next, front).ToArray());
                next += front;
            }
        }
    }

    [Fact]
    public void Sparse_table_decision_is_bit_identical_to_the_per_kind_sums_in_entry_order()
    {
        var r = new Random(11);
        // Model ids in every kind block (and one above the last kind), ascending; users mix model ids with absent ones.
        uint[] modelIds = Enumerable.Range(0, 20_000)
            .Select(_ => SparseFeatures.MakeId(r.Next(SparseFeatures.KindCount + 1), (uint)r.Next(1 << SparseFeatures.HashBits)))
            .Distinct().Order().ToArray();
        float[] weights = modelIds.Select(_ => (float)(r.NextDouble() - 0.5)).ToArray();
        float[] idf = modelIds.Select(_ => (float)(1 + r.NextDouble() * 6)).ToArray();
        var table = new SparseWeightTable(modelIds, weights, idf);
        var index = new Dictionary<uint, int>();
        for (int i = 0; i < modelIds.Length; i++) index[modelIds[i]] = i;
        foreach (int entries in new[] { 0, 1, 5, 31, 33, 64, 384, 3_000 }) // both sides of the prefetch distance; more than the scratch's first size
        {
            for (int rep = 0; rep < 5; rep++)
            {
                uint[] ids = Enumerable.Range(0, entries)
                    .Select(_ => r.Next(3) == 0
                        ? SparseFeatures.MakeId(r.Next(SparseFeatures.KindCount + 1), (uint)r.Next(1 << SparseFeatures.HashBits))
                        : modelIds[r.Next(modelIds.Length)])
                    .Distinct().Order().ToArray();
                byte[] counts = ids.Select(_ => (byte)r.Next(256)).ToArray();
                var squares = new float[SparseFeatures.KindCount];
                var sums = new double[SparseFeatures.KindCount];
                for (int i = 0; i < ids.Length; i++)
                {
                    if (!index.TryGetValue(ids[i], out int k)) continue;
                    int block = Math.Min(SparseFeatures.KindOf(ids[i]), SparseFeatures.KindCount - 1);
                    float v = (1 + MathF.Log(Math.Max((int)counts[i], 1))) * idf[k];
                    squares[block] += v * v;
                    sums[block] += (double)v * weights[k];
                }
                double expected = 0;
                for (int b = 0; b < SparseFeatures.KindCount; b++)
                    if (squares[b] > 0) expected += sums[b] * (1 / MathF.Sqrt(squares[b]));
                Assert.Equal(expected, table.Decision(ids, counts)); // exactly: same operations in the same order
            }
        }
    }

    [Fact]
    public void Batch_sparse_decisions_and_their_lines_are_bit_identical_to_one_user_at_a_time()
    {
        byte[] bytes = Features(300, 9);
        var seen = new SortedSet<uint>();
        using (var reader = new FeatureSetReader(new MemoryStream(bytes)))
        {
            var u = new UserFeatures();
            while (reader.TryRead(u)) seen.UnionWith(u.SparseIds.ToArray());
        }
        var r = new Random(3);
        // Two ids in three of those seen plus 40,000 ids no user has, more than the hot part holds, with idf drawn from
        // few values (ties): users meet hot ids, cold ids and absent ids; the second model (fewer ids) has little or no cold part.
        foreach (int extra in new[] { 40_000, 0 })
        {
            uint[] ids = seen.Where((_, i) => i % 3 != 0)
                .Concat(Enumerable.Range(0, extra).Select(_ => SparseFeatures.MakeId(r.Next(SparseFeatures.KindCount), (uint)r.Next(1 << SparseFeatures.HashBits))))
                .Distinct().Order().ToArray();
            var model = new TaskModel
            {
                FeatureModelName = "oc-hash-1", ModelFamily = TaskModels.LogisticRegression, Dimension = 512,
                SparseIds = ids, SparseWeights = ids.Select(_ => (float)(r.NextDouble() - 0.5)).ToArray(),
                SparseIdf = ids.Select(_ => 1 + r.Next(40) * 0.25f).ToArray(), Bias = -0.2, Alpha = 1, SdLinear = 0.9, PlattA = 1.3, PlattB = 0.1,
            };
            var table = new SparseWeightTable(model.SparseIds, model.SparseWeights, model.SparseIdf);
            var expected = new StringBuilder();
            using (var reader = new FeatureSetReader(new MemoryStream(bytes)))
            {
                var batch = new FeatureBatch(512, 64);
                var dense = new float[512];
                var decisions = new double[batch.Capacity];
                var line = new byte[ScoreText.MaxBytes];
                while (reader.ReadBatch(batch) > 0)
                {
                    table.Decisions(batch, 0, decisions.AsSpan(0, batch.Count));
                    for (int k = 0; k < batch.Count; k++)
                    {
                        Assert.Equal(table.Decision(batch.SparseIds(k), batch.SparseCounts(k)), decisions[k]); // to the bit
                        int length = ScoreText.WriteF6(Math.Clamp(model.Prepared.Probability(batch, k, dense), 0, 1), line);
                        expected.Append(batch.UserId(k)).Append('\t').Append(System.Text.Encoding.ASCII.GetString(line, 0, length)).Append('\n');
                    }
                }
            }
            Assert.Equal(expected.ToString(), Scores(model, bytes, 1));
            Assert.Equal(expected.ToString(), Scores(model, bytes, 3));
        }
    }

    [Fact]
    public void A_corrupt_feature_set_fails_the_parallel_scorer_too()
    {
        byte[] bytes = Features(600, 6); // several batches
        var model = new TaskModel { FeatureModelName = "oc-hash-1", Dimension = 512, SparseIds = [1, 2], SparseWeights = [0.5f, -0.5f], SparseIdf = [1f, 1f] };
        Assert.Throws<InvalidDataException>(() => Scores(model, bytes[..(bytes.Length * 3 / 4)], 3));
        Assert.Equal(600, Scores(model, bytes, 3).Count(c => c == '\n'));
    }

    private static string Scores(TaskModel model, byte[] features, int parallelism)
    {
        var output = new MemoryStream();
        long n = TaskScorer.WriteScores(new FeatureSetReader(new MemoryStream(features)), model, output, default, parallelism);
        string text = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.Equal(n, text.Count(c => c == '\n'));
        return text;
    }

    /// <summary>The model's probability computed the plain way: a dictionary of weights, the transforms, the trees one by one.</summary>
    private static double Reference(TaskModel m, UserFeatures user)
    {
        var weight = new Dictionary<uint, int>();
        for (int i = 0; i < m.SparseIds.Length; i++) weight.TryAdd(m.SparseIds[i], i);
        ReadOnlySpan<uint> ids = user.SparseIds;
        var values = new float[ids.Length];
        var idf = new float[ids.Length];
        for (int i = 0; i < ids.Length; i++) idf[i] = weight.TryGetValue(ids[i], out int k) ? m.SparseIdf[k] : 0;
        IdfTransform.Apply(ids, user.SparseCounts, idf, values);
        double z = m.Bias;
        for (int j = 0; j < m.Dimension; j++) z += (double)m.DenseWeights[j] / m.DenseScale[j] * (user.Dense[j] - m.DenseMean[j]);
        for (int i = 0; i < ids.Length; i++) if (weight.TryGetValue(ids[i], out int k)) z += (double)values[i] * m.SparseWeights[k];
        double trees = 0;
        foreach (GbdtTree t in m.Trees) trees += t.Predict(user.Dense);
        double s = m.Alpha * z / m.SdLinear + (1 - m.Alpha) * trees / m.SdTrees;
        return TaskModel.Sigmoid(m.PlattA * s + m.PlattB);
    }
}
