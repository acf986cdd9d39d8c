using System.Text;
using BenchmarkDotNet.Attributes;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;
using OpenClue.Modeling.Text;
using OpenClue.Server.Platform.Auth;

namespace OpenClue.Benchmarks;

/// <summary>Shared input: the first users of a generated sequences.tsv, held in memory, and the throughput units.</summary>
public static class Bench
{
    public static string? DataFile;
    /// <summary>Users read from the data file (the micro-benchmarks use 5,000; the scoring command may ask for more).</summary>
    public static int SampleUsers = 5_000;
    /// <summary>"Type.Method" → (units per operation, unit name), for the report's throughput column.</summary>
    public static readonly Dictionary<string, (double Count, string Unit)[]> Units = new();

    private static byte[]? s_bytes;
    private static List<(string Id, string[] Behaviors)>? s_users;

    public static byte[] SampleBytes()
    {
        if (s_bytes is not null) return s_bytes;
        string path = DataFile ?? Environment.GetEnvironmentVariable("OPENCLUE_BENCH_DATA")
            ?? throw new InvalidOperationException("no data file (--data)");
        using var reader = new StreamReader(path, Encoding.UTF8);
        var sb = new StringBuilder();
        for (int i = 0; i < SampleUsers && reader.ReadLine() is { } line; i++) sb.Append(line).Append('\n');
        return s_bytes = Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static List<(string Id, string[] Behaviors)> SampleUsersParsed()
    {
        if (s_users is not null) return s_users;
        var list = new List<(string, string[])>();
        foreach (UserSequence u in SequenceDatasetReader.Read([Part(SampleBytes())]))
            list.Add((u.UserId, u.Behaviors.ToArray()));
        return s_users = list;
    }

    public static DatasetPart Part(byte[] bytes) => new("sample.tsv", () => new MemoryStream(bytes, writable: false));

    public static byte[] BuildFeatures()
    {
        // OPENCLUE_BENCH_FEATURES names a cache of the built file (written when missing): alternating A/B runs of the
        // scorers then skip the feature build, which is most of a scoring run's time. It must be deleted when the
        // sample, the data file or the writer changes.
        string? cache = Environment.GetEnvironmentVariable("OPENCLUE_BENCH_FEATURES");
        if (cache is not null && File.Exists(cache)) return File.ReadAllBytes(cache);
        var ms = new MemoryStream();
        using (var writer = new FeatureSetWriter(ms, new HashBehaviorEncoder(), leaveOpen: true))
        {
            foreach (UserSequence u in SequenceDatasetReader.Read([Part(SampleBytes())])) writer.Write(u);
            writer.Complete();
        }
        if (cache is not null) File.WriteAllBytes(cache, ms.ToArray());
        return ms.ToArray();
    }
}

[MemoryDiagnoser]
public class Parsing
{
    private byte[] _bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _bytes = Bench.SampleBytes();
        int users = Bench.SampleUsersParsed().Count;
        Bench.Units["Parsing.SequenceReader"] = [(_bytes.Length / 1e6, "MB"), (users, "users")];
        Bench.Units["Parsing.RawSplitBytes"] = [(_bytes.Length / 1e6, "MB")];
    }

    /// <summary>SequenceDatasetReader: UTF-8 decode, validation, behaviours packed into one buffer per user (what feature build does).</summary>
    [Benchmark]
    public long SequenceReader()
    {
        long n = 0;
        foreach (UserSequence u in SequenceDatasetReader.Read([Bench.Part(_bytes)])) n += u.BehaviorCount;
        return n;
    }

    /// <summary>The limit: find lines, tabs and arrows on the bytes.</summary>
    [Benchmark(Baseline = true)]
    public long RawSplitBytes()
    {
        long n = 0;
        ReadOnlySpan<byte> s = _bytes;
        while (!s.IsEmpty)
        {
            int nl = s.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = nl < 0 ? s : s[..nl];
            s = nl < 0 ? default : s[(nl + 1)..];
            int tab = line.IndexOf((byte)'\t');
            ReadOnlySpan<byte> rest = line[(tab + 1)..];
            n++;
            int a;
            while ((a = rest.IndexOf("->"u8)) >= 0) { n++; rest = rest[(a + 2)..]; }
        }
        return n;
    }
}

[MemoryDiagnoser]
public class Tokenization
{
    private string[] _behaviors = [];
    private readonly List<string> _tokens = new(64);

    [GlobalSetup]
    public void Setup()
    {
        _behaviors = Bench.SampleUsersParsed().SelectMany(u => u.Behaviors).ToArray();
        long tokens = 0;
        foreach (string b in _behaviors) { _tokens.Clear(); tokens += BehaviorTokenizer.Tokenize(b, _tokens); }
        Bench.Units["Tokenization.Tokenize"] = [(_behaviors.Length, "behaviours"), (tokens, "tokens")];
    }

    /// <summary>The public tokenizer (allocates one string per token; the encoders use the allocation-free sink).</summary>
    [Benchmark]
    public long Tokenize()
    {
        long n = 0;
        foreach (string b in _behaviors) { _tokens.Clear(); n += BehaviorTokenizer.Tokenize(b, _tokens); }
        return n;
    }
}

[MemoryDiagnoser]
public class Encoding_
{
    private List<(string Id, string[] Behaviors)> _users = [];
    private List<string>[] _lists = [];
    private readonly HashBehaviorEncoder _encoder = new();
    private float[] _vector = [];
    private byte[] _bytes = [];
    private readonly MemoryStream _sink = new();

    [GlobalSetup]
    public void Setup()
    {
        _users = Bench.SampleUsersParsed();
        _lists = _users.Select(u => new List<string>(u.Behaviors)).ToArray();
        _vector = new float[_encoder.Dimension];
        _bytes = Bench.SampleBytes();
        Bench.Units["Encoding_.HashEncodeDense"] = [(_users.Count, "users")];
        Bench.Units["Encoding_.FeatureSetWriterEndToEnd"] = [(_users.Count, "users"), (_bytes.Length / 1e6, "MB")];
    }

    /// <summary>oc-hash-1 dense vector of every user (one thread).</summary>
    [Benchmark]
    public int HashEncodeDense()
    {
        int n = 0;
        foreach (List<string> b in _lists) n += _encoder.Encode(b, _vector);
        return n;
    }

    /// <summary>What a feature-build shard does, without I/O: parse + encode (both cores) + quantise + write OCFS v2.</summary>
    [Benchmark]
    public long FeatureSetWriterEndToEnd()
    {
        _sink.SetLength(0);
        using var writer = new FeatureSetWriter(_sink, _encoder, leaveOpen: true);
        foreach (UserSequence u in SequenceDatasetReader.Read([Bench.Part(_bytes)])) writer.Write(u);
        writer.Complete();
        return _sink.Length;
    }
}

[MemoryDiagnoser]
public class Scoring
{
    private byte[] _features = [], _firstUser = [];
    private ITaskModel _linear = null!, _trees = null!, _blend = null!;
    private readonly Dictionary<string, byte[]> _modelBytes = [];
    private int _users;

    public const int Trees = 400, Depth = 5, BlendTrees = 100;

    [GlobalSetup]
    public void Setup()
    {
        _features = Bench.BuildFeatures();
        _firstUser = FirstUserFeatures();
        var df = new Dictionary<uint, int>();
        var dense = new List<float[]>();
        int dim;
        using (var reader = new FeatureSetReader(new MemoryStream(_features)))
        {
            dim = reader.Dimension;
            var u = new UserFeatures();
            while (reader.TryRead(u))
            {
                _users++;
                foreach (uint id in u.SparseIds) df[id] = df.GetValueOrDefault(id) + 1;
                if (dense.Count < 2000) dense.Add((float[])u.Dense.Clone());
            }
        }
        var rng = new Random(7);
        // Linear: a weight and the idf for every sparse id seen (an upper bound on a trained model's table) and every dense feature.
        uint[] sparse = df.Keys.Take(300_000).OrderBy(x => x).ToArray();
        _linear = TaskModels.Deserialize(_modelBytes["linear"] = ModelBytes(dim, sparse, sparse.Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(),
            sparse.Select(id => (float)(Math.Log((1.0 + _users) / (1.0 + df[id])) + 1)).ToArray(),
            Enumerable.Range(0, dim).Select(_ => (float)(rng.NextDouble() - 0.5) * 0.1f).ToArray(), [], alpha: 1));
        // Trees: 400 full trees of depth 5 on dense features, thresholds drawn from observed values (the GBDT's maximum size).
        _trees = TaskModels.Deserialize(_modelBytes["trees"] = ModelBytes(dim, [], [], [], [], RandomTrees(Trees, dim, dense, rng), alpha: 0));
        // Blend, shaped like the model the 100k pipeline selects: version 2 (idf) over the ids seen by ≥ 2 users, no dense
        // linear part (oc-hash-1), 100 trees of depth 5, α = 0.75.
        uint[] columns = df.Where(kv => kv.Value >= 2).Select(kv => kv.Key).Order().ToArray();
        _blend = TaskModels.Deserialize(_modelBytes["blend"] = ModelBytes(dim, columns, columns.Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(),
            columns.Select(id => (float)(Math.Log((1.0 + _users) / (1.0 + df[id])) + 1)).ToArray(), [], RandomTrees(BlendTrees, dim, dense, rng), alpha: 0.75));
        foreach (string name in new[] { "ScoreLinear", "ScoreTrees", "ScoreBlend", "ReadFeaturesOnly" }) Bench.Units["Scoring." + name] = [(_users, "users")];
    }

    private static List<(int[] F, float[] T, int[] L, int[] R, float[] V)> RandomTrees(int count, int dim, List<float[]> dense, Random rng)
    {
        var trees = new List<(int[] F, float[] T, int[] L, int[] R, float[] V)>();
        for (int t = 0; t < count; t++)
        {
            int nodes = (1 << (Depth + 1)) - 1, internalNodes = (1 << Depth) - 1;
            var f = new int[nodes]; var th = new float[nodes]; var l = new int[nodes]; var r = new int[nodes]; var v = new float[nodes];
            for (int i = 0; i < nodes; i++)
            {
                if (i < internalNodes)
                {
                    f[i] = rng.Next(dim); th[i] = dense[rng.Next(dense.Count)][f[i]]; l[i] = 2 * i + 1; r[i] = 2 * i + 2;
                }
                else { f[i] = -1; v[i] = (float)(rng.NextDouble() - 0.5) * 0.1f; }
            }
            trees.Add((f, th, l, r, v));
        }
        return trees;
    }

    /// <summary>Task model format (TaskModel.Serialize; the type is internal to OpenClue.Modeling), version 2 (the only one
    /// read): one idf per sparse id.</summary>
    private static byte[] ModelBytes(int dim, uint[] ids, float[] weights, float[] idf, float[] denseWeights,
        List<(int[] F, float[] T, int[] L, int[] R, float[] V)> trees, double alpha)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms, Encoding.UTF8);
        if (idf.Length != ids.Length) throw new ArgumentException("one idf per id", nameof(idf));
        w.Write("OCTM"u8); w.Write((ushort)2); w.Write((ushort)0);
        w.Write(HashBehaviorEncoder.Name);
        w.Write(alpha >= 1 ? TaskModels.LogisticRegression : alpha <= 0 ? TaskModels.Gbdt : TaskModels.Blend); w.Write(dim);
        w.Write(ids.Length);
        foreach (uint id in ids) w.Write(id);
        foreach (float f in weights) w.Write(f);
        foreach (float f in idf) w.Write(f);
        w.Write(denseWeights.Length);
        foreach (float _ in denseWeights) w.Write(0f);
        foreach (float _ in denseWeights) w.Write(1f);
        foreach (float f in denseWeights) w.Write(f);
        w.Write(0.0);
        w.Write(trees.Count);
        foreach (var t in trees)
        {
            w.Write(t.F.Length);
            for (int i = 0; i < t.F.Length; i++) { w.Write(t.F[i]); w.Write(t.T[i]); w.Write(t.L[i]); w.Write(t.R[i]); w.Write(t.V[i]); }
        }
        w.Write(alpha); w.Write(1.0); w.Write(1.0); w.Write(1.0); w.Write(0.0);
        w.Flush();
        return ms.ToArray();
    }

    [Benchmark]
    public long ScoreLinear() => ScoreLinearTo(Stream.Null);

    [Benchmark]
    public long ScoreTrees() => ScoreTreesTo(Stream.Null);

    [Benchmark]
    public long ScoreBlend() => ScoreBlendTo(Stream.Null);

    public long ScoreLinearTo(Stream output) => TaskScorer.WriteScores(new FeatureSetReader(new MemoryStream(_features, false)), _linear, output, default);

    public long ScoreTreesTo(Stream output) => TaskScorer.WriteScores(new FeatureSetReader(new MemoryStream(_features, false)), _trees, output, default);

    public long ScoreBlendTo(Stream output) => TaskScorer.WriteScores(new FeatureSetReader(new MemoryStream(_features, false)), _blend, output, default);

    /// <summary>The model <paramref name="name"/> (linear, trees, blend) read again from its bytes and one user scored
    /// with it: the cost of a model's first use (reading it, building its scoring tables), which a task run pays per
    /// process, or per shard when its model is not kept between shards.</summary>
    public long ScoreFreshModel(string name) =>
        TaskScorer.WriteScores(new FeatureSetReader(new MemoryStream(_firstUser, false)), TaskModels.Deserialize(_modelBytes[name]), Stream.Null, default);

    private static byte[] FirstUserFeatures()
    {
        var ms = new MemoryStream();
        using (var writer = new FeatureSetWriter(ms, new HashBehaviorEncoder(), leaveOpen: true))
        {
            foreach (UserSequence u in SequenceDatasetReader.Read([Bench.Part(Bench.SampleBytes())]))
            {
                writer.Write(u);
                break;
            }
            writer.Complete();
        }
        return ms.ToArray();
    }

    /// <summary>Decoding the feature set in batches as the scorer does (names skipped): the floor under the scorers.</summary>
    [Benchmark(Baseline = true)]
    public long ReadFeaturesOnly()
    {
        using var reader = new FeatureSetReader(new MemoryStream(_features, false)) { SkipFeatureNames = true };
        var batch = new FeatureBatch(reader.Dimension, 256);
        long n = 0;
        while (reader.ReadBatch(batch) > 0) n += batch.Count;
        return n;
    }
}

[MemoryDiagnoser]
public class Metrics
{
    public const int N = 10_000_000;
    private float[] _scores = [];
    private byte[] _labels = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(3);
        _scores = new float[N];
        _labels = new byte[N];
        for (int i = 0; i < N; i++)
        {
            _labels[i] = (byte)(rng.NextDouble() < 0.2 ? 1 : 0);
            _scores[i] = (float)(rng.NextDouble() + 0.3 * _labels[i]);
        }
        Bench.Units["Metrics.Auroc10M"] = [(N, "scores")];
    }

    [Benchmark]
    public double Auroc10M() => Auroc.Compute(_scores, _labels);
}

[MemoryDiagnoser]
public class Signature
{
    private const string Secret = "bench-secret-key-not-for-production", Key = "BENCHACCESSKEY0000001";
    private const string Target = "/api/v1/features?index=0&limit=20";
    private string _ts = "", _sig = "";

    [GlobalSetup]
    public void Setup()
    {
        _ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString();
        Span<byte> mac = stackalloc byte[32];
        SignatureV2Verifier.Compute("GET", Target, _ts, Key, Secret, mac);
        _sig = Convert.ToBase64String(mac);
        if (!SignatureV2Verifier.Verify("GET", Target, _ts, Key, Secret, _sig)) throw new InvalidOperationException("signature setup");
    }

    /// <summary>What the middleware does per request once the key is found: freshness + HMAC + constant-time compare.</summary>
    [Benchmark]
    public bool VerifySignature() =>
        SignatureV2Verifier.IsTimestampFresh(_ts, DateTimeOffset.UtcNow) &&
        SignatureV2Verifier.Verify("GET", Target, _ts, Key, Secret, _sig);
}
