using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenClue.Bench.Generation;

public sealed record GenerateOptions(long Users, ulong Seed, string OutDir, double MeanBehaviors, TraitSpec[] Traits, int Items,
    double TrainFraction, double TestFraction, int Threads);

/// <summary>
/// Streams a whole dataset: users are generated in parallel batches and written in order, so memory stays flat
/// whatever the number of users. Writes sequences.tsv, labels/{trait}.{train,test}.tsv and manifest.json.
/// </summary>
public static class DatasetWriter
{
    public const string Version = "openclue-bench-gen/1";
    private const int BatchSize = 4096;

    public static JsonObject Write(GenerateOptions o, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(Path.Combine(o.OutDir, "labels"));
        var catalog = new Catalog(o.Seed, o.Items);
        var generator = new UserGenerator(catalog, o.Seed, o.Traits, o.MeanBehaviors, o.TrainFraction, o.TestFraction);
        var utf8 = new UTF8Encoding(false);

        using var sequences = new StreamWriter(Path.Combine(o.OutDir, "sequences.tsv"), false, utf8, 1 << 20) { NewLine = "\n" };
        var labelWriters = o.Traits.Select(t => new[]
        {
            new StreamWriter(Path.Combine(o.OutDir, "labels", $"{t.Name}.train.tsv"), false, utf8, 1 << 16) { NewLine = "\n" },
            new StreamWriter(Path.Combine(o.OutDir, "labels", $"{t.Name}.test.tsv"), false, utf8, 1 << 16) { NewLine = "\n" },
        }).ToArray();
        // Per trait, per split (train, test): [label][latent] counts, for base rates and the ceiling AUROC.
        var counts = new long[o.Traits.Length, 2, 2, 2];
        var latentAll = new long[o.Traits.Length];
        var lengthHistogram = new long[UserGenerator.MaxBehaviors + 200];
        long behaviors = 0, bytes = 0;

        var batch = new GeneratedUser[BatchSize];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = o.Threads };
        for (long start = 0; start < o.Users; start += BatchSize)
        {
            int n = (int)Math.Min(BatchSize, o.Users - start);
            Parallel.For(0, n, parallel, i => batch[i] = generator.Generate(start + i));
            for (int i = 0; i < n; i++)
            {
                ref var u = ref batch[i];
                sequences.Write(u.Line);
                sequences.Write('\n');
                bytes += u.Line.Length + 1;
                behaviors += u.Behaviors;
                lengthHistogram[Math.Min(u.Behaviors, lengthHistogram.Length - 1)]++;
                for (int t = 0; t < o.Traits.Length; t++)
                {
                    if (u.Latent[t]) latentAll[t]++;
                    if (u.Split > 1) continue;
                    counts[t, u.Split, u.Label[t] ? 1 : 0, u.Latent[t] ? 1 : 0]++;
                    var w = labelWriters[t][u.Split];
                    w.Write(UserGenerator.UserId(start + i));
                    w.Write(u.Label[t] ? "\t1\n" : "\t0\n");
                }
                u = default;
            }
            if ((start / BatchSize) % 64 == 63) log.WriteLine($"  {start + n:N0} users, {clock.Elapsed.TotalSeconds:F1} s");
        }
        foreach (var pair in labelWriters) foreach (var w in pair) w.Dispose();
        sequences.Flush();

        var manifest = new JsonObject
        {
            ["generator"] = Version,
            ["seed"] = o.Seed,
            ["users"] = o.Users,
            ["mean_behaviors_requested"] = o.MeanBehaviors,
            ["behaviors"] = behaviors,
            ["mean_behaviors"] = Math.Round((double)behaviors / Math.Max(1, o.Users), 2),
            ["behaviors_per_user"] = Quantiles(lengthHistogram, o.Users),
            ["train_fraction"] = o.TrainFraction,
            ["test_fraction"] = o.TestFraction,
            ["catalog"] = new JsonObject
            {
                ["items"] = catalog.ItemCount,
                ["categories"] = catalog.Categories.Length,
                ["item_zipf_exponent"] = Catalog.ItemZipfExponent,
                ["category_zipf_exponent"] = Catalog.CategoryZipfExponent,
                ["rare_item_ids"] = new JsonArray([.. catalog.RareItems.Select(i => (JsonNode)catalog.Items[i].Id)]),
                ["shared_brand"] = $"{Vocabulary.SharedBrand.Ko} / {Vocabulary.SharedBrand.En}",
                ["shared_brand_items"] = catalog.SharedBrandItems.Length,
            },
            ["files"] = new JsonObject
            {
                ["sequences"] = "sequences.tsv",
                ["sequences_bytes_approx"] = bytes,
            },
            ["traits"] = new JsonArray([.. o.Traits.Select((t, i) => (JsonNode)TraitJson(t, i, counts, latentAll[i], o.Users))]),
            ["elapsed_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2),
        };
        File.WriteAllText(Path.Combine(o.OutDir, "manifest.json"),
            manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n", utf8);
        return manifest;
    }

    private static JsonObject TraitJson(TraitSpec t, int i, long[,,,] c, long latent, long users)
    {
        JsonObject Split(int s)
        {
            long n = c[i, s, 0, 0] + c[i, s, 0, 1] + c[i, s, 1, 0] + c[i, s, 1, 1];
            long pos = c[i, s, 1, 0] + c[i, s, 1, 1];
            return new JsonObject
            {
                ["file"] = $"labels/{t.Name}.{(s == 0 ? "train" : "test")}.tsv",
                ["users"] = n,
                ["positives"] = pos,
                ["positive_rate"] = n == 0 ? 0 : Math.Round((double)pos / n, 4),
            };
        }
        // A perfect detector of the latent trait still meets the label flips: its AUROC against the observed labels.
        double ceiling = CeilingAuroc(c[i, 1, 1, 1], c[i, 1, 1, 0], c[i, 1, 0, 1], c[i, 1, 0, 0]);
        return new JsonObject
        {
            ["name"] = t.Name,
            ["description"] = t.Description,
            ["base_rate"] = t.BaseRate,
            ["latent_rate"] = Math.Round((double)latent / Math.Max(1, users), 4),
            ["label_flip_rate"] = t.FlipRate,
            ["decoys"] = t.DecoyDescription,
            ["decoy_rate"] = t.DecoyRate,
            ["train"] = Split(0),
            ["test"] = Split(1),
            ["ceiling_test_auroc"] = Math.Round(ceiling, 4),
        };
    }

    /// <summary>AUROC of the binary latent score against the observed labels (ties count half).</summary>
    private static double CeilingAuroc(long posLatent, long posNot, long negLatent, long negNot)
    {
        double pos = posLatent + posNot, neg = negLatent + negNot;
        if (pos == 0 || neg == 0) return double.NaN;
        double wins = posLatent * (double)negNot + 0.5 * (posLatent * (double)negLatent + posNot * (double)negNot);
        return wins / (pos * neg);
    }

    private static JsonObject Quantiles(long[] histogram, long users)
    {
        var result = new JsonObject();
        int min = Array.FindIndex(histogram, h => h > 0), max = Array.FindLastIndex(histogram, h => h > 0);
        result["min"] = min;
        foreach (var (name, q) in new[] { ("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("p999", 0.999) })
        {
            long target = (long)Math.Ceiling(q * users), seen = 0;
            for (int l = 0; l < histogram.Length; l++)
                if ((seen += histogram[l]) >= target) { result[name] = l; break; }
        }
        result["max"] = max;
        return result;
    }
}
