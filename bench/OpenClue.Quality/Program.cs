using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;

// Usage: OpenClue.Quality <dataset dir> [--seeds 1,2,3] [--labels a,b] [--train-share 1.0] [--set Name=Value ...] [--lightgbm]
// Builds the oc-hash-1 feature set of <dir>/sequences.tsv once (cached as <dir>/features.ocfs), then trains one task per
// label and split with the explicit test set and prints the test AUROC, one JSON line per task. With --lightgbm: our
// GBDT against LightGBM (LightGbmComparison) instead.
string dir = args[0];
var seeds = new[] { 11, 22, 33 };
string[]? only = null;
double trainShare = 1.0;
var settings = new Dictionary<string, string>();
bool lightGbm = false;
int designBench = 0, designBlock = LinearDesign.FillBlockEntries;
for (int i = 1; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seeds": seeds = args[++i].Split(',').Select(int.Parse).ToArray(); break;
        case "--labels": only = args[++i].Split(','); break;
        case "--train-share": trainShare = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--set": { string[] kv = args[++i].Split('=', 2); settings[kv[0]] = kv[1]; break; }
        case "--lightgbm": lightGbm = true; break;
        case "--design-bench": designBench = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--design-block": designBlock = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default: throw new ArgumentException(args[i]);
    }
}
string featurePath = Path.Combine(dir, "features.ocfs");
string sequences = Path.Combine(dir, "sequences.tsv");
if (!File.Exists(featurePath) || File.GetLastWriteTimeUtc(featurePath) < File.GetLastWriteTimeUtc(sequences))
{
    using var output = File.Create(featurePath);
    using var writer = new FeatureSetWriter(output, BehaviorEncoders.FindBuiltIn("oc-hash-1")!, leaveOpen: true);
    foreach (UserSequence user in SequenceDatasetReader.Read([new DatasetPart(sequences, () => File.OpenRead(sequences))])) writer.Write(user);
    writer.Complete();
}
// A feature file of 1M users (≈ 2.1 GB) does not fit one array: such files are read from disk (the page cache) instead.
byte[]? features = new FileInfo(featurePath).Length < 1L << 30 ? File.ReadAllBytes(featurePath) : null;
Func<FeatureSetReader> open = () => new FeatureSetReader(features is null ? File.OpenRead(featurePath) : new MemoryStream(features));
using var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "labels.json")));
if (lightGbm)
{
    OpenClue.Quality.LightGbmComparison.Run(dir, features ?? File.ReadAllBytes(featurePath), meta.RootElement, only, seeds[0]);
    return;
}
if (designBench > 0)
{
    string first = only?[0] ?? meta.RootElement.GetProperty("labels").EnumerateObject().First().Name;
    var train = ReadLabels(Path.Combine(dir, "labels", $"{first}.s1.train.tsv"));
    var test = ReadLabels(Path.Combine(dir, "labels", $"{first}.s1.test.tsv"));
    TimeSpan joinCpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var joinClock = Stopwatch.StartNew();
    TaskLabelJoin joined = TaskLabelJoin.Run(first, [open], train, [open], test, 50_000, 100_000, 5_000, 1, default);
    Console.WriteLine(JsonSerializer.Serialize(new { join = Math.Round(joinClock.Elapsed.TotalSeconds, 3), cpu = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - joinCpu0).TotalSeconds, 3), test = joined.Test?.Count ?? 0 }));
    var linear = new LinearSettings { KindPenalty = TaskTrainer.DefaultKindPenalty, EvidenceWeighting = false };
    for (int r = 0; r < designBench; r++)
    {
        TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        LinearDesign d = LinearDesign.Build(joined.Train, joined.FitRows, includeDense: false, rowMajor: false, linear, blockEntries: designBlock);
        double wall = clock.Elapsed.TotalSeconds, cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(d.NarrowColRows.AsSpan()));
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(d.WideColRows.AsSpan()));
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(d.ColVals.AsSpan()));
        sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(d.ColPtr.AsSpan()));
        Console.WriteLine(JsonSerializer.Serialize(new { design = r, rows = d.Rows.Length, d.NonZeros, cpu = Math.Round(cpu, 3), wall = Math.Round(wall, 3), sha = Convert.ToHexStringLower(sha.GetHashAndReset())[..16] }));
    }
    return;
}
int splits = meta.RootElement.GetProperty("splits").GetInt32();
foreach (JsonProperty label in meta.RootElement.GetProperty("labels").EnumerateObject())
{
    if (only is not null && !only.Contains(label.Name)) continue;
    for (int k = 1; k <= splits; k++)
    {
        var train = ReadLabels(Path.Combine(dir, "labels", $"{label.Name}.s{k}.train.tsv"));
        var test = ReadLabels(Path.Combine(dir, "labels", $"{label.Name}.s{k}.test.tsv"));
        if (trainShare < 1)
            train = train.Where(kv => Fnv(kv.Key) % 1000 < trainShare * 1000).ToDictionary(); // a stable subset per share
        foreach (int seed in seeds)
        {
            var trainer = Configure(new TaskTrainer(seed), settings);
            var clock = Stopwatch.StartNew();
            TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            TaskTrainingResult r;
            try
            {
                r = trainer.Train($"{label.Name}.s{k}", open, train, open, test, default);
            }
            catch (DatasetException e) // e.g. a small --train-share below the documented 100 users per class
            {
                Console.WriteLine(JsonSerializer.Serialize(new { label = label.Name, kind = label.Value.GetProperty("kind").GetString(), split = k, seed, skipped = e.Message }));
                continue;
            }
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                label = label.Name, kind = label.Value.GetProperty("kind").GetString(), split = k, seed, auroc = Math.Round(r.Auroc, 5),
                cv = Math.Round(r.ValidationAuroc, 5), train = r.TrainUsers, seconds = Math.Round(clock.Elapsed.TotalSeconds, 2),
                cpu = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds, 2), r.Description,
                top = string.Join(" | ", r.TopPositive.Take(5).Select(w => $"{w.Name} {w.Weight:F2}")),
                model = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(r.Model))[..16],
            }));
        }
    }
}

static Dictionary<string, byte> ReadLabels(string path) =>
    File.ReadLines(path).Where(l => l.Length > 0).Select(l => l.Split('\t')).ToDictionary(p => p[0], p => byte.Parse(p[1], CultureInfo.InvariantCulture));

static uint Fnv(string s)
{
    uint h = 2166136261;
    foreach (char c in s) h = (h ^ c) * 16777619;
    return h;
}

static TaskTrainer Configure(TaskTrainer trainer, Dictionary<string, string> settings)
{
    foreach ((string name, string value) in settings)
    {
        var property = typeof(TaskTrainer).GetProperty(name) ?? throw new ArgumentException($"no setting {name}");
        object parsed = property.PropertyType == typeof(IReadOnlyList<double>)
            ? value.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList()
            : Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture);
        property.SetValue(trainer, parsed); // init-only setters are settable by reflection
    }
    return trainer;
}
