using System.Diagnostics;
using System.Globalization;
using OpenClue.Bench.Generation;

namespace OpenClue.Bench;

public static class Program
{
    private const string Usage = """
        OpenClue benchmark tools.

        generate --users N --seed S --out DIR [--mean-behaviors 50] [--traits rare_items,category,recency,shared_token]
                 [--items 50000] [--train-fraction 0.6] [--test-fraction 0.2] [--threads CORES]
            Writes DIR/sequences.tsv (NCLUE sequence format), DIR/labels/{trait}.train.tsv and {trait}.test.tsv
            (user_id<TAB>0|1) and DIR/manifest.json (traits, base rates, ceilings). Deterministic per seed.
        traits
            Lists the planted traits.
        """;

    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help") { Console.WriteLine(Usage); return args.Length == 0 ? 2 : 0; }
            switch (args[0])
            {
                case "generate": return Generate(ParseOptions(args.AsSpan(1)));
                case "traits":
                    foreach (var t in Traits.All)
                        Console.WriteLine($"{t.Name}\tbase rate {t.BaseRate}, label flips {t.FlipRate}\n  {t.Description}\n  decoys: {t.DecoyDescription}");
                    return 0;
                default: Console.Error.WriteLine($"Unknown command '{args[0]}'.\n{Usage}"); return 2;
            }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    private static Dictionary<string, string> ParseOptions(ReadOnlySpan<string> args)
    {
        var options = new Dictionary<string, string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--") || i + 1 >= args.Length) throw new ArgumentException($"Expected '--name value', got '{args[i]}'.\n{Usage}");
            options[args[i][2..]] = args[++i];
        }
        return options;
    }

    private static int Generate(Dictionary<string, string> a)
    {
        string Get(string key, string? fallback = null) =>
            a.Remove(key, out var v) ? v : fallback ?? throw new ArgumentException($"--{key} is required.\n{Usage}");
        var o = new GenerateOptions(
            Users: long.Parse(Get("users")),
            Seed: ulong.Parse(Get("seed")),
            OutDir: Get("out"),
            MeanBehaviors: double.Parse(Get("mean-behaviors", "50")),
            Traits: Get("traits", string.Join(',', Traits.All.Select(t => t.Name))).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(Traits.Find).ToArray(),
            Items: int.Parse(Get("items", "50000")),
            TrainFraction: double.Parse(Get("train-fraction", "0.6")),
            TestFraction: double.Parse(Get("test-fraction", "0.2")),
            Threads: int.Parse(Get("threads", Environment.ProcessorCount.ToString())));
        if (a.Count > 0) throw new ArgumentException($"Unknown option(s): {string.Join(", ", a.Keys.Select(k => "--" + k))}.\n{Usage}");
        if (o.Users < 1) throw new ArgumentException("--users must be at least 1.");
        if (o.MeanBehaviors <= UserGenerator.MinBehaviors) throw new ArgumentException($"--mean-behaviors must be above {UserGenerator.MinBehaviors}.");
        if (o.TrainFraction < 0 || o.TestFraction < 0 || o.TrainFraction + o.TestFraction > 1) throw new ArgumentException("Bad --train-fraction/--test-fraction.");
        if (o.Items < 2000) throw new ArgumentException("--items must be at least 2000.");

        var clock = Stopwatch.StartNew();
        Console.Error.WriteLine($"Generating {o.Users:N0} users (seed {o.Seed}, mean {o.MeanBehaviors} behaviours) into {o.OutDir}");
        var manifest = DatasetWriter.Write(o, Console.Error);
        Console.Error.WriteLine($"Done: {manifest["behaviors"]} behaviours, {clock.Elapsed.TotalSeconds:F1} s.");
        foreach (var t in manifest["traits"]!.AsArray())
            Console.Error.WriteLine($"  {t!["name"],-13} train {t["train"]!["positives"]}/{t["train"]!["users"]}  test {t["test"]!["positives"]}/{t["test"]!["users"]}  ceiling AUROC {t["ceiling_test_auroc"]}");
        return 0;
    }
}
