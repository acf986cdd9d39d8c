using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;

namespace OpenClue.Quality;

/// <summary>
/// Our histogram GBDT against the real LightGBM (ML.NET's LightGbmBinaryTrainer) on the same users: both on OpenClue's
/// dense feature vector, and LightGBM also on the bag (token and behaviour ids seen by ≥ 2 training users, counts).
/// Protocol for every learner: fit on a fixed 80 % of the training users, early stopping on the other 20 % (patience
/// 15, ≤ 300 rounds), class-balanced weights, test AUROC on the explicit test set, fit wall seconds.
/// </summary>
internal static class LightGbmComparison
{
    private sealed class DenseRow
    {
        public bool Label { get; set; }
        public float Weight { get; set; }
        public float[] Features { get; set; } = [];
    }

    private sealed class SparseRow
    {
        public bool Label { get; set; }
        public float Weight { get; set; }
        public VBuffer<float> Features { get; set; }
    }

    public static void Run(string dir, byte[] features, JsonElement meta, string[]? only, int seed)
    {
        var users = new Dictionary<string, (float[] Dense, uint[] Ids, byte[] Counts)>();
        int dim;
        using (var reader = new FeatureSetReader(new MemoryStream(features)))
        {
            dim = reader.Dimension;
            var u = new UserFeatures();
            while (reader.TryRead(u)) users[u.UserId] = (u.Dense.ToArray(), u.SparseIds.ToArray(), u.SparseCounts.ToArray());
        }
        int splits = meta.GetProperty("splits").GetInt32();
        foreach (JsonProperty label in meta.GetProperty("labels").EnumerateObject())
        {
            if (only is not null && !only.Contains(label.Name)) continue;
            for (int k = 1; k <= splits; k++)
            {
                var train = ReadLabels(Path.Combine(dir, "labels", $"{label.Name}.s{k}.train.tsv")).Where(kv => users.ContainsKey(kv.Key)).ToList();
                var test = ReadLabels(Path.Combine(dir, "labels", $"{label.Name}.s{k}.test.tsv")).Where(kv => users.ContainsKey(kv.Key)).ToList();
                var fit = train.Where(kv => Fnv(kv.Key) % 5 != 0).ToList();
                var valid = train.Where(kv => Fnv(kv.Key) % 5 == 0).ToList();
                var result = new Dictionary<string, object> { ["label"] = label.Name, ["split"] = k };
                Ours(users, dim, fit, valid, test, seed, result);
                LightGbmDense(users, dim, fit, valid, test, seed, result);
                LightGbmBag(users, fit, valid, test, seed, result);
                Console.WriteLine(JsonSerializer.Serialize(result));
            }
        }
    }

    private static void Ours(Dictionary<string, (float[] Dense, uint[] Ids, byte[] Counts)> users, int dim, List<KeyValuePair<string, byte>> fit,
        List<KeyValuePair<string, byte>> valid, List<KeyValuePair<string, byte>> test, int seed, Dictionary<string, object> result)
    {
        var clock = Stopwatch.StartNew();
        var rows = fit.Concat(valid).ToList();
        var x = new float[(long)rows.Count * dim];
        for (int i = 0; i < rows.Count; i++) users[rows[i].Key].Dense.CopyTo(x.AsSpan(i * dim, dim));
        byte[] y = rows.Select(kv => kv.Value).ToArray();
        int[] fitRows = Enumerable.Range(0, fit.Count).ToArray(), validRows = Enumerable.Range(fit.Count, valid.Count).ToArray();
        GbdtBinning binning = GbdtBinning.Fit(x, dim, fitRows);
        GbdtTrainer.Result r = new GbdtTrainer { Seed = seed, MaxRounds = 300 }.Fit(x, dim, y, binning, fitRows, validRows, 0, default);
        double seconds = clock.Elapsed.TotalSeconds;
        float[] scores = test.Select(kv => r.Trees.Sum(t => t.Predict(users[kv.Key].Dense))).ToArray();
        result["ours_dense"] = Math.Round(Auroc.Compute(scores, test.Select(kv => kv.Value).ToArray()), 5);
        result["ours_dense_s"] = Math.Round(seconds, 2);
        result["ours_rounds"] = r.BestRounds;
        // Ours with LightGBM's learning rate and feature fraction (the remaining differences: 64 vs 255 bins, depth-wise
        // vs leaf-wise growth), to tell settings from algorithm.
        clock.Restart();
        GbdtTrainer.Result like = new GbdtTrainer { Seed = seed, MaxRounds = 300, LearningRate = 0.1, ColumnSample = 0.5 }
            .Fit(x, dim, y, binning, fitRows, validRows, 0, default);
        seconds = clock.Elapsed.TotalSeconds;
        scores = test.Select(kv => like.Trees.Sum(t => t.Predict(users[kv.Key].Dense))).ToArray();
        result["ours_lgbm_settings"] = Math.Round(Auroc.Compute(scores, test.Select(kv => kv.Value).ToArray()), 5);
        result["ours_lgbm_settings_s"] = Math.Round(seconds, 2);
    }

    private static LightGbmBinaryTrainer.Options Options(int seed) => new()
    {
        NumberOfLeaves = 31, LearningRate = 0.1, NumberOfIterations = 300, MinimumExampleCountPerLeaf = 20, EarlyStoppingRound = 15,
        NumberOfThreads = 2, Seed = seed, ExampleWeightColumnName = "Weight", Silent = true,
        Booster = new GradientBooster.Options { L2Regularization = 1, FeatureFraction = 0.5 },
    };

    private static float[] Weights(List<KeyValuePair<string, byte>> rows)
    {
        int positives = rows.Count(kv => kv.Value == 1);
        return rows.Select(kv => (float)(kv.Value == 1 ? rows.Count / (2.0 * positives) : rows.Count / (2.0 * (rows.Count - positives)))).ToArray();
    }

    private static void LightGbmDense(Dictionary<string, (float[] Dense, uint[] Ids, byte[] Counts)> users, int dim, List<KeyValuePair<string, byte>> fit,
        List<KeyValuePair<string, byte>> valid, List<KeyValuePair<string, byte>> test, int seed, Dictionary<string, object> result)
    {
        var ml = new MLContext(seed);
        SchemaDefinition schema = SchemaDefinition.Create(typeof(DenseRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dim);
        IDataView View(List<KeyValuePair<string, byte>> rows)
        {
            float[] w = Weights(rows);
            return ml.Data.LoadFromEnumerable(rows.Select((kv, i) => new DenseRow { Label = kv.Value == 1, Weight = w[i], Features = users[kv.Key].Dense }).ToList(), schema);
        }
        var clock = Stopwatch.StartNew();
        var model = ml.BinaryClassification.Trainers.LightGbm(Options(seed)).Fit(View(fit), View(valid));
        double seconds = clock.Elapsed.TotalSeconds;
        result["lightgbm_dense"] = Math.Round(TestAuroc(ml, model.Transform(View(test))), 5);
        result["lightgbm_dense_s"] = Math.Round(seconds, 2);
    }

    private static void LightGbmBag(Dictionary<string, (float[] Dense, uint[] Ids, byte[] Counts)> users, List<KeyValuePair<string, byte>> fit,
        List<KeyValuePair<string, byte>> valid, List<KeyValuePair<string, byte>> test, int seed, Dictionary<string, object> result)
    {
        // Columns: token and behaviour ids (not the recent or pair kinds) seen by at least 2 of the fitted users.
        var df = new Dictionary<uint, int>();
        foreach (var kv in fit)
            foreach (uint id in users[kv.Key].Ids)
                if (SparseFeatures.KindOf(id) <= SparseFeatures.KindBehavior) df[id] = df.GetValueOrDefault(id) + 1;
        var column = df.Where(e => e.Value >= 2).Select(e => e.Key).Order().Select((id, i) => (id, i)).ToDictionary(e => e.id, e => e.i);
        int size = column.Count;
        var ml = new MLContext(seed);
        SchemaDefinition schema = SchemaDefinition.Create(typeof(SparseRow));
        schema["Features"].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        VBuffer<float> Bag(string user)
        {
            var (_, ids, counts) = users[user];
            var entries = new List<(int, float)>();
            for (int i = 0; i < ids.Length; i++) if (column.TryGetValue(ids[i], out int c)) entries.Add((c, counts[i]));
            entries.Sort();
            return new VBuffer<float>(size, entries.Count, entries.Select(e => e.Item2).ToArray(), entries.Select(e => e.Item1).ToArray());
        }
        IDataView View(List<KeyValuePair<string, byte>> rows)
        {
            float[] w = Weights(rows);
            return ml.Data.LoadFromEnumerable(rows.Select((kv, i) => new SparseRow { Label = kv.Value == 1, Weight = w[i], Features = Bag(kv.Key) }).ToList(), schema);
        }
        var clock = Stopwatch.StartNew();
        var model = ml.BinaryClassification.Trainers.LightGbm(Options(seed)).Fit(View(fit), View(valid));
        double seconds = clock.Elapsed.TotalSeconds;
        result["lightgbm_bag"] = Math.Round(TestAuroc(ml, model.Transform(View(test))), 5);
        result["lightgbm_bag_s"] = Math.Round(seconds, 2);
        result["bag_columns"] = size;
    }

    private static double TestAuroc(MLContext ml, IDataView scored)
    {
        float[] scores = ml.Data.CreateEnumerable<Scored>(scored, reuseRowObject: false).Select(s => s.Score).ToArray();
        byte[] labels = ml.Data.CreateEnumerable<Scored>(scored, reuseRowObject: false).Select(s => (byte)(s.Label ? 1 : 0)).ToArray();
        return Auroc.Compute(scores, labels);
    }

    private sealed class Scored
    {
        public bool Label { get; set; }
        public float Score { get; set; }
    }

    private static List<KeyValuePair<string, byte>> ReadLabels(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(p => KeyValuePair.Create(p[0], byte.Parse(p[1], CultureInfo.InvariantCulture))).ToList();

    private static uint Fnv(string s)
    {
        uint h = 2166136261;
        foreach (char c in s) h = (h ^ c) * 16777619;
        return h;
    }
}
