using System.Globalization;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;

namespace OpenClue.Modeling.Tests;

/// <summary>Synthetic behaviour logs with planted traits, for the learning tests.</summary>
internal static class Synthetic
{
    public static readonly string[] Words = ["pet", "shoe", "phone", "coffee", "book", "golf", "baby", "game", "wine", "tent"];

    /// <summary>Users with 10–60 behaviours over categories; label 1 = bought an item containing "organic" (new items when itemOffset differs).</summary>
    public static List<(string Id, List<string> Behaviors, byte Label)> Users(int count, int seed, string prefix, int itemOffset = 0)
    {
        var r = new Random(seed);
        var users = new List<(string, List<string>, byte)>();
        for (int u = 0; u < count; u++)
        {
            int n = r.Next(10, 60);
            int fav = r.Next(Words.Length);
            var seq = new List<string>();
            for (int i = 0; i < n; i++)
            {
                int c = r.NextDouble() < 0.7 ? fav : r.Next(Words.Length);
                seq.Add($"view: brand {Words[c]} item {itemOffset + r.Next(40)}");
            }
            byte label = (byte)(r.NextDouble() < 0.4 ? 1 : 0);
            if (label == 1 && r.NextDouble() < 0.85)
                seq.Insert(r.Next(seq.Count + 1), $"buy: organic {Words[r.Next(Words.Length)]} pack {itemOffset + r.Next(50)}");
            if (label == 0 && r.NextDouble() < 0.1)
                seq.Insert(r.Next(seq.Count + 1), $"buy: organic {Words[r.Next(Words.Length)]} pack {itemOffset + r.Next(50)}");
            users.Add(($"{prefix}{u}", seq, label));
        }
        return users;
    }

    public static IEnumerable<UserSequence> Sequences(IEnumerable<(string Id, List<string> Behaviors, byte Label)> users)
    {
        foreach (var u in users) yield return new UserSequence { UserId = u.Id, Behaviors = u.Behaviors };
    }

    public static byte[] Features(IBehaviorEncoder encoder, IEnumerable<(string Id, List<string> Behaviors, byte Label)> users)
    {
        var ms = new MemoryStream();
        using (var w = new FeatureSetWriter(ms, encoder, leaveOpen: true))
        {
            foreach (var u in Sequences(users)) w.Write(u);
            w.Complete();
        }
        return ms.ToArray();
    }

    public static Func<FeatureSetReader> Open(byte[] bytes) => () => new FeatureSetReader(new MemoryStream(bytes));
}

public class FeatureSetV2Tests
{
    [Fact]
    public void Quantisation_round_trip_is_within_half_a_step_of_each_block()
    {
        var r = new Random(3);
        var v = Enumerable.Range(0, 70).Select(i => (float)(r.NextDouble() * 2 - 1) * (i < 32 ? 0.01f : 3f)).ToArray();
        var scales = new Half[FeatureSetFormat.BlockCount(v.Length)];
        var q = new sbyte[v.Length];
        FeatureSetFormat.Quantize(v, scales, q);
        var back = new float[v.Length];
        FeatureSetFormat.Dequantize(scales, q, back);
        for (int i = 0; i < v.Length; i++)
        {
            float max = v.Skip(i / 32 * 32).Take(32).Max(Math.Abs);
            Assert.True(Math.Abs(back[i] - v[i]) <= max / 127f * 0.51f + 1e-7f, $"dim {i}: {v[i]} vs {back[i]}");
        }
    }

    [Fact]
    public void Written_file_round_trips_dense_sparse_counts_and_names()
    {
        var users = Synthetic.Users(50, 1, "u");
        byte[] bytes = Synthetic.Features(BehaviorEncoders.FindBuiltIn("oc-hash-1")!, users);
        using var reader = new FeatureSetReader(new MemoryStream(bytes));
        Assert.Equal(FeatureSetFormat.Version3, reader.Version);
        Assert.Equal("oc-hash-1", reader.ModelName);
        var expected = new float[512];
        var record = new UserFeatures();
        int i = 0;
        while (reader.TryRead(record))
        {
            Assert.Equal(users[i].Id, record.UserId);
            int tokens = new HashBehaviorEncoder().Encode(users[i].Behaviors, expected);
            Assert.Equal(tokens, record.TokenCount);
            for (int j = 0; j < 512; j++) Assert.True(Math.Abs(expected[j] - record.Dense[j]) < 0.01f);
            Assert.True(record.SparseLength > 0);
            for (int k = 1; k < record.SparseLength; k++) Assert.True(record.SparseIds[k] > record.SparseIds[k - 1]);
            i++;
        }
        Assert.Equal(50, i);
        Assert.Equal(50, reader.UserCount);
        Assert.Contains("organic", reader.FeatureNames.Values);
        Assert.Contains(reader.FeatureNames.Values, n => n.StartsWith("view: brand", StringComparison.Ordinal));
    }

    [Fact]
    public void Reader_still_reads_version_1_files()
    {
        var ms = new MemoryStream();
        using (var w = new FeatureSetWriter(ms, "oc-hash-1", 3, leaveOpen: true))
        {
            w.Write("a", [1f, 2f, 3f], 4);
            w.Complete();
        }
        using var reader = new FeatureSetReader(new MemoryStream(ms.ToArray()));
        Assert.Equal(1, reader.Version);
        var record = new UserFeatures();
        Assert.True(reader.TryRead(record));
        Assert.Equal([1f, 2f, 3f], record.Dense);
        Assert.Equal(0, record.SparseLength);
        Assert.False(reader.TryRead(record));
    }

    [Fact]
    public void Truncated_v2_file_is_rejected()
    {
        byte[] bytes = Synthetic.Features(BehaviorEncoders.FindBuiltIn("oc-hash-1")!, Synthetic.Users(5, 1, "u"));
        using var reader = new FeatureSetReader(new MemoryStream(bytes[..^30]));
        var record = new UserFeatures();
        Assert.Throws<InvalidDataException>(() => { while (reader.TryRead(record)) { } });
    }

    [Fact]
    public void Users_over_2048_distinct_tokens_keep_the_most_recent()
    {
        // newest item (2 distinct), then "old thing {i}" newest first: old, thing and 2,044 numbers fill the 2,048.
        var behaviors = Enumerable.Range(0, 3000).Select(i => $"old thing {i}").Append("newest item").ToList();
        var bytes = Synthetic.Features(BehaviorEncoders.FindBuiltIn("oc-hash-1")!, [("u", behaviors, 0)]);
        using var reader = new FeatureSetReader(new MemoryStream(bytes));
        var record = new UserFeatures();
        Assert.True(reader.TryRead(record));
        Assert.Equal(2 + 2044 * 3, record.TokenCount);
    }

    [Fact]
    public void A_user_at_the_token_occurrence_bound_reads_back()
    {
        var behaviors = Enumerable.Range(0, Limits.MaxTokenOccurrencesPerUser).Select(i => $"see {i % 7}").ToList();
        var bytes = Synthetic.Features(BehaviorEncoders.FindBuiltIn("oc-hash-1")!, [("u", behaviors, 0)]);
        using var reader = new FeatureSetReader(new MemoryStream(bytes));
        var record = new UserFeatures();
        Assert.True(reader.TryRead(record));
        Assert.Equal(Limits.MaxTokenOccurrencesPerUser, record.TokenCount);
    }

    [Fact]
    public void The_reported_token_count_keeps_the_documented_2048_per_user_maximum()
    {
        // 5,000 behaviours of 2 tokens each: all 10,000 occurrences are kept, 2,048 are reported (nclue-api: max 2,048 per user).
        var heavy = Enumerable.Range(0, 5000).Select(i => $"see {i % 7}").ToList();
        using var writer = new FeatureSetWriter(new MemoryStream(), BehaviorEncoders.FindBuiltIn("oc-hash-1")!, leaveOpen: false);
        foreach (var user in Synthetic.Sequences([("heavy", heavy, 0), ("light", ["see 1", "see 2 now"], 0)])) writer.Write(user);
        writer.Complete();
        Assert.Equal(10_000 + 5, writer.TokenCount);
        Assert.Equal(Limits.MaxTokensPerUser + 5, writer.ReportedTokenCount);
    }
}

public class LearnedModelTests
{
    [Fact]
    public void Unseen_behaviour_gets_a_vector_from_its_tokens_close_to_a_seen_one_sharing_them()
    {
        var users = Synthetic.Users(600, 5, "u");
        var artifact = BehaviorModelTrainer.Train("m1", () => Synthetic.Sequences(users), 11, default);
        var encoder = (LearnedBehaviorEncoder)BehaviorEncoders.Load("m1", artifact.Bytes);
        Assert.Equal(artifact.Dimension, encoder.Dimension);
        Assert.True(artifact.VocabularySize > 50);
        var seen = new float[encoder.EmbeddingDimension];
        var unseen = new float[encoder.EmbeddingDimension];
        var other = new float[encoder.EmbeddingDimension];
        Assert.True(encoder.TryGetBehaviorVector("view: brand golf item 7", seen));
        Assert.True(encoder.TryGetBehaviorVector("view: brand golf item 9999", unseen)); // never seen: composed from tokens
        Assert.True(encoder.TryGetBehaviorVector("view: brand wine item 3", other));
        float close = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(seen, unseen);
        float far = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(other, unseen);
        Assert.True(close > 0.5f && close > far, $"close {close}, far {far}");
        Assert.False(encoder.TryGetBehaviorVector("zzzz qqqq", unseen));
    }

    [Fact]
    public void Pretraining_is_deterministic_for_a_seed_and_rejects_a_wrong_name()
    {
        var users = Synthetic.Users(200, 5, "u");
        var a = BehaviorModelTrainer.Train("m1", () => Synthetic.Sequences(users), 3, default);
        var b = BehaviorModelTrainer.Train("m1", () => Synthetic.Sequences(users), 3, default);
        Assert.Equal(a.Bytes, b.Bytes);
        Assert.Throws<InvalidDataException>(() => BehaviorEncoders.Load("other", a.Bytes));
        Assert.Throws<InvalidDataException>(() => BehaviorEncoders.Load("m1", a.Bytes.AsSpan(0, 40)));
    }
}

public class GbdtAndLinearTests
{
    [Fact]
    public void Gbdt_learns_xor()
    {
        var r = new Random(1);
        int n = 2000;
        var x = new float[n * 2];
        var y = new byte[n];
        for (int i = 0; i < n; i++)
        {
            x[2 * i] = (float)r.NextDouble();
            x[2 * i + 1] = (float)r.NextDouble();
            y[i] = (byte)((x[2 * i] > 0.5) ^ (x[2 * i + 1] > 0.5) ? 1 : 0);
        }
        int[] train = Enumerable.Range(0, 1500).ToArray(), valid = Enumerable.Range(1500, 500).ToArray();
        var binning = GbdtBinning.Fit(x, 2, train);
        var result = new GbdtTrainer().Fit(x, 2, y, binning, train, valid, 0, default);
        var scores = valid.Select(i => result.Trees.Sum(t => t.Predict(x.AsSpan(2 * i, 2)))).ToArray();
        Assert.True(Auroc.Compute(scores, valid.Select(i => y[i]).ToArray()) > 0.97);
    }

    [Fact]
    public void Platt_keeps_the_ranking_and_calibrates()
    {
        var s = Enumerable.Range(0, 400).Select(i => (i - 200) / 50.0).ToArray();
        var y = s.Select((v, i) => (byte)(v + (i % 7 - 3) * 0.5 > 0 ? 1 : 0)).ToArray();
        var (a, b) = PlattCalibration.Fit(s, y);
        Assert.True(a > 0);
        Assert.True(Math.Abs(b) < 0.5);
    }

    [Fact]
    public void Roc_runs_from_origin_to_one_one()
    {
        var roc = TaskEvaluation.RocCurve([0.9f, 0.8f, 0.8f, 0.1f], [1, 0, 1, 0]);
        Assert.Equal(new RocPoint(0, 0, 1), roc[0]);
        Assert.Equal(1, roc[^1].Fpr);
        Assert.Equal(1, roc[^1].Tpr);
        for (int i = 1; i < roc.Count; i++) Assert.True(roc[i].Fpr >= roc[i - 1].Fpr && roc[i].Tpr >= roc[i - 1].Tpr);
    }
}

public class TaskTrainerTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private static readonly IBehaviorEncoder Hash = BehaviorEncoders.FindBuiltIn("oc-hash-1")!;

    private static Dictionary<string, byte> Labels(IEnumerable<(string Id, List<string> B, byte Label)> users) => users.ToDictionary(u => u.Id, u => u.Label);

    [Fact]
    public void Holdout_task_learns_the_token_trait_names_it_and_is_deterministic()
    {
        var users = Synthetic.Users(800, 2, "u");
        byte[] features = Synthetic.Features(Hash, users);
        var labels = Labels(users);
        var a = new TaskTrainer(7).Train("task-1", Synthetic.Open(features), labels, null, null, default);
        var b = new TaskTrainer(7).Train("task-1", Synthetic.Open(features), labels, null, null, default);
        Assert.Equal(a.Model, b.Model);
        Assert.Equal(TaskTrainer.HoldoutTest, a.TestSource);
        Assert.False(a.RefitOnAll);
        Assert.InRange(a.TestUsers, 158, 160); // 20 % per class, floor
        Assert.Equal(800, a.TrainUsers + a.TestUsers);
        Assert.True(a.Auroc > 0.8, $"AUROC {a.Auroc}");
        // Known gap: with oc-hash-1 features the signal goes through the dense hash block and "organic" is not yet
        // among the top sparse weights; only the shape of the lists is checked here.
        Assert.All(a.TopPositive, w => Assert.True(w.Weight > 0 && w.Kind is "token" or "behavior"));
        Assert.True(a.TopPositive.Count <= 20 && a.TopNegative.Count <= 20);
        Assert.Contains(a.ModelFamily, new[] { TaskModels.LogisticRegression, TaskModels.Gbdt, TaskModels.Blend });

        // The reported AUROC is the stored model's on the D18 held-out users (no refit).
        var ids = users.Select(u => u.Id).ToList();
        bool[] held = HoldoutSplit.SelectHeldOut("task-1", ids, users.Select(u => u.Label).ToList());
        var output = new MemoryStream();
        long lines = TaskScorer.WriteScores(Synthetic.Open(features)(), TaskModels.Deserialize(a.Model), output, default);
        Assert.Equal(800, lines);
        var rows = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n');
        Assert.Equal("", rows[^1]);
        var scores = new List<float>();
        var truth = new List<byte>();
        for (int i = 0; i < 800; i++)
        {
            string[] parts = rows[i].Split('\t');
            Assert.Equal(ids[i], parts[0]);
            Assert.Matches(@"^[01]\.\d{6}$", parts[1]);
            if (!held[i]) continue;
            scores.Add(float.Parse(parts[1], CultureInfo.InvariantCulture));
            truth.Add(users[i].Label);
        }
        Assert.Equal(a.Auroc, Auroc.Compute(scores.ToArray(), truth.ToArray()), 2);
    }

    [Fact]
    public void Explicit_test_from_the_train_feature_keeps_overlapping_users_in_test_only()
    {
        var users = Synthetic.Users(700, 3, "u");
        byte[] features = Synthetic.Features(Hash, users);
        var train = Labels(users.Take(500));
        var test = Labels(users.Skip(400)); // users 400..499 are in both: test only
        var r = new TaskTrainer(1) { EnableTrees = false }.Train("t", Synthetic.Open(features), train, null, test, default);
        Assert.Equal(400, r.TrainUsers);
        Assert.Equal(300, r.TestUsers);
        Assert.Equal(TaskTrainer.ExplicitTest, r.TestSource);
        Assert.Equal(TaskModels.LogisticRegression, r.ModelFamily);
    }

    [Fact]
    public void A_streamed_test_set_gives_the_same_model_auroc_and_roc_as_one_held_in_memory()
    {
        var users = Synthetic.Users(700, 12, "u");
        byte[] features = Synthetic.Features(Hash, users);
        var train = Labels(users.Take(450));
        var test = Labels(users.Skip(400)); // overlap 400..449: test only (D16)
        foreach (bool separateShards in new[] { false, true })
        {
            Func<FeatureSetReader>[]? testShards = separateShards ? [Synthetic.Open(features)] : null;
            var inMemory = new TaskTrainer(3).Train("t", [Synthetic.Open(features)], train, testShards, test, default);
            var streamed = new TaskTrainer(3) { MaxTestUsersInMemory = 0 }.Train("t", [Synthetic.Open(features)], train, testShards, test, default);
            Assert.Equal(inMemory.Model, streamed.Model);
            Assert.Equal(300, streamed.TestUsers);
            Assert.Equal(400, streamed.TrainUsers);
            Assert.Equal(inMemory.Auroc, streamed.Auroc);
            Assert.Equal(inMemory.Roc, streamed.Roc);
        }
        // Too few test users of a class fail before training, streamed or not.
        var tiny = test.Take(5).ToDictionary();
        var e = Assert.Throws<DatasetException>(() => new TaskTrainer(1) { MaxTestUsersInMemory = 0 }.Train("t", Synthetic.Open(features), train, null, tiny, default));
        Assert.Equal(FailMessages.NumOfLabelInsufficient, e.FailMessage);
    }

    [Fact]
    public void Test_shards_read_beside_the_training_pass_fail_as_a_serial_join_did()
    {
        var users = Synthetic.Users(400, 6, "u");
        byte[] hashed = Synthetic.Features(Hash, users);
        var artifact = BehaviorModelTrainer.Train("m2", () => Synthetic.Sequences(users), 1, default);
        byte[] learned = Synthetic.Features(BehaviorEncoders.Load("m2", artifact.Bytes), users);
        var train = Labels(users.Take(300));
        var test = Labels(users.Skip(300));
        var trainer = new TaskTrainer(1) { EnableTrees = false };
        // A test shard of another model is named against the training shards' model: the first such shard.
        var mixed = Assert.Throws<InvalidOperationException>(() => trainer.Train("t", [Synthetic.Open(hashed)], train, [Synthetic.Open(hashed), Synthetic.Open(learned)], test, default));
        Assert.Contains("('oc-hash-1' and 'm2')", mixed.Message, StringComparison.Ordinal);
        // A broken training shard is the error reported, even when the test shard is of another model too.
        Assert.Throws<InvalidDataException>(() => trainer.Train("t", [Synthetic.Open(hashed[..^30])], train, [Synthetic.Open(learned)], test, default));
        // A broken test shard fails the task after a good training pass, held in memory or streamed.
        Assert.Throws<InvalidDataException>(() => trainer.Train("t", [Synthetic.Open(hashed)], train, [Synthetic.Open(hashed[..^30])], test, default));
        Assert.Throws<InvalidDataException>(() => new TaskTrainer(1) { EnableTrees = false, MaxTestUsersInMemory = 0 }.Train("t", [Synthetic.Open(hashed)], train,
            [Synthetic.Open(hashed[..^30])], test, default));
        // Cancelled: neither pass outlives the call.
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Train("t", [Synthetic.Open(hashed)], train, [Synthetic.Open(hashed)], test, new CancellationToken(true)));
    }

    [Fact]
    public void Too_few_labels_fail_with_num_of_label_insufficient()
    {
        var users = Synthetic.Users(300, 4, "u");
        byte[] features = Synthetic.Features(Hash, users);
        var labels = Labels(users);
        // Labels of users absent from the feature are ignored.
        var onlyAbsent = labels.ToDictionary(kv => "x" + kv.Key, kv => kv.Value);
        var e = Assert.Throws<DatasetException>(() => new TaskTrainer(1).Train("t", Synthetic.Open(features), onlyAbsent, null, null, default));
        Assert.Equal(FailMessages.NumOfLabelInsufficient, e.FailMessage);
        var tinyTest = labels.Take(5).ToDictionary();
        e = Assert.Throws<DatasetException>(() => new TaskTrainer(1).Train("t", Synthetic.Open(features), labels, null, tinyTest, default));
        Assert.Equal(FailMessages.NumOfLabelInsufficient, e.FailMessage);
    }

    [Fact]
    public void Scorer_refuses_features_of_another_model()
    {
        var users = Synthetic.Users(400, 6, "u");
        var artifact = BehaviorModelTrainer.Train("m2", () => Synthetic.Sequences(users), 1, default);
        byte[] learned = Synthetic.Features(BehaviorEncoders.Load("m2", artifact.Bytes), users);
        byte[] hashed = Synthetic.Features(Hash, users);
        var r = new TaskTrainer(1) { EnableTrees = false }.Train("t", Synthetic.Open(learned), Labels(users), null, null, default);
        Assert.Equal("m2", TaskModels.Deserialize(r.Model).FeatureModelName);
        Assert.Throws<InvalidOperationException>(() => TaskScorer.WriteScores(Synthetic.Open(hashed)(), TaskModels.Deserialize(r.Model), new MemoryStream(), default));
    }

    [Fact]
    public void Task_trained_on_file_one_scores_a_second_file_with_new_users_and_unseen_behaviours()
    {
        var first = Synthetic.Users(1500, 8, "a");
        var second = Synthetic.Users(800, 9, "b", itemOffset: 25); // item ids 25..74: most behaviours never seen in file 1
        var artifact = BehaviorModelTrainer.Train("m3", () => Synthetic.Sequences(first), 2, default);
        var encoder = BehaviorEncoders.Load("m3", artifact.Bytes);
        byte[] f1 = Synthetic.Features(encoder, first), f2 = Synthetic.Features(encoder, second);
        var labels = Labels(first);
        var train = labels.Take(1000).ToDictionary();
        var test = labels.Skip(1000).ToDictionary();
        var r = new TaskTrainer(5).Train("t", Synthetic.Open(f1), train, null, test, default);
        var output = new MemoryStream();
        TaskScorer.WriteScores(Synthetic.Open(f2)(), TaskModels.Deserialize(r.Model), output, default);
        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var byId = second.ToDictionary(u => u.Id, u => u.Label);
        var scores = lines.Select(l => float.Parse(l.Split('\t')[1], CultureInfo.InvariantCulture)).ToArray();
        var truth = lines.Select(l => byId[l.Split('\t')[0]]).ToArray();
        double secondAuroc = Auroc.Compute(scores, truth);
        log.WriteLine($"file 1 {r.Auroc:F4}, file 2 {secondAuroc:F4} ({r.Description})");
        Assert.True(r.Auroc > 0.8, $"file 1 AUROC {r.Auroc}");
        Assert.True(Math.Abs(secondAuroc - r.Auroc) <= 0.03, $"file 1 {r.Auroc:F4}, file 2 {secondAuroc:F4}");
    }
}
