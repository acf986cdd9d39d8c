using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using OpenClue.Benchmarks;

// OpenClue performance tools (never part of the tests):
//   readlimit FILE [--runs N]            the raw read-and-split limit: one pass over a sequence file (JSON on stdout)
//   micro --data FILE [--out MD] [BDN args, e.g. --filter *Auroc*]   hot-path micro-benchmarks (BenchmarkDotNet, in-process)
//   featurebuild FILE [--runs N] [--out OCFS]   the feature writer alone on a sequence file (seconds, peak RSS, SHA-256)
//   scoring FILE [--users N] [--runs R] [--only linear|trees|blend]   the micro-benchmarks' scoring models on N users
//                                         (default 20,000; OPENCLUE_BENCH_FEATURES caches their feature file): wall and CPU
//                                         seconds per pass, users/s, and a checksum of the score lines
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length == 0) { Console.Error.WriteLine("usage: readlimit FILE [--runs N] | micro --data FILE [--out MD] [--quick] [BDN args]"); return 2; }
switch (args[0])
{
    case "readlimit":
    {
        int runs = args.Length > 3 && args[2] == "--runs" ? int.Parse(args[3]) : 3;
        var results = new List<string>();
        for (int i = 0; i < runs; i++) results.Add(ReadLimit.Run(args[1]).ToJson());
        Console.WriteLine("[" + string.Join(",", results) + "]");
        return 0;
    }
    case "featurebuild":
    {
        int runs = args.Length > 3 && args[2] == "--runs" ? int.Parse(args[3]) : 3;
        string? outPath = args.Length > 5 && args[4] == "--out" ? args[5] : null;
        var results = new List<string>();
        for (int i = 0; i < runs; i++) results.Add(FeatureBuild.Run(args[1], outPath));
        Console.WriteLine("[" + string.Join(",", results) + "]");
        return 0;
    }
    case "scoring":
    {
        int users = 20_000, runs = 5;
        string? only = null;
        for (int i = 2; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--users") users = int.Parse(args[i + 1]);
            else if (args[i] == "--runs") runs = int.Parse(args[i + 1]);
            else if (args[i] == "--only") only = args[i + 1];
        }
        Bench.DataFile = args[1];
        Bench.SampleUsers = users;
        Console.WriteLine(ScoringRuns.Run(runs, only));
        return 0;
    }
    case "micro":
    {
        var rest = new List<string>();
        string? outPath = null;
        bool quick = false;
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--data") Bench.DataFile = args[++i];
            else if (args[i] == "--out") outPath = args[++i];
            else if (args[i] == "--quick") quick = true;
            else rest.Add(args[i]);
        }
        if (Bench.DataFile is null) { Console.Error.WriteLine("micro needs --data FILE (a sequences.tsv)"); return 2; }
        Bench.DataFile = Path.GetFullPath(Bench.DataFile);
        Environment.SetEnvironmentVariable("OPENCLUE_BENCH_DATA", Bench.DataFile);
        Job job = Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(1).WithIterationCount(quick ? 3 : 5).WithLaunchCount(1);
        var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(job)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.JoinSummary)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "openclue-bdn"));
        if (!rest.Contains("--filter")) rest.AddRange(["--filter", "*"]);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Bench).Assembly).Run(rest.ToArray(), config).ToArray();
        string md = MicroReport.Render(summaries);
        Console.WriteLine(md);
        if (outPath is not null) File.WriteAllText(outPath, md);
        return 0;
    }
    default:
        Console.Error.WriteLine($"unknown command {args[0]}");
        return 2;
}

namespace OpenClue.Benchmarks
{
    /// <summary>The fastest honest pass over a sequence file: read it in 1 MiB blocks, find every line, its tab and every
    /// "->" (vectorised IndexOf on bytes), and count users, behaviours and bytes. No decoding, no allocation per line.</summary>
    public static class ReadLimit
    {
        public sealed record Result(long Bytes, long Users, long Behaviors, double Seconds, double MBps, bool Decoded)
        {
            public string ToJson() => FormattableString.Invariant(
                $"{{\"bytes\":{Bytes},\"users\":{Users},\"behaviors\":{Behaviors},\"seconds\":{Seconds:F4},\"mb_per_s\":{MBps:F1}}}");
        }

        public static Result Run(string path)
        {
            var sw = Stopwatch.StartNew();
            long bytes = 0, users = 0, behaviors = 0;
            byte[] buffer = new byte[1 << 20];
            int carry = 0;
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            while (true)
            {
                int n = fs.Read(buffer, carry, buffer.Length - carry);
                bytes += n;
                int end = carry + n;
                if (n == 0 && end == 0) break;
                var span = buffer.AsSpan(0, end);
                int start = 0;
                while (true)
                {
                    int nl = span[start..].IndexOf((byte)'\n');
                    if (nl < 0)
                    {
                        if (n == 0) { nl = span.Length - start; if (nl == 0) break; }
                        else break;
                    }
                    ReadOnlySpan<byte> line = span.Slice(start, nl);
                    start += nl + 1;
                    int tab = line.IndexOf((byte)'\t');
                    if (tab < 0) continue;
                    users++;
                    ReadOnlySpan<byte> rest = line[(tab + 1)..];
                    behaviors++;
                    int a;
                    while ((a = rest.IndexOf("->"u8)) >= 0) { behaviors++; rest = rest[(a + 2)..]; }
                    if (start >= span.Length) break;
                }
                if (n == 0) break;
                carry = Math.Max(0, end - start);
                if (carry > 0) Buffer.BlockCopy(buffer, start, buffer, 0, carry);
                if (carry == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            }
            double s = sw.Elapsed.TotalSeconds;
            return new Result(bytes, users, behaviors, s, bytes / 1e6 / s, false);
        }
    }

    /// <summary>The feature writer (oc-hash-1) alone over a sequence file, as a feature-build shard runs it, into a file
    /// or nowhere: wall seconds, process CPU seconds, peak working set and the SHA-256 of the bytes written.</summary>
    public static class FeatureBuild
    {
        public static string Run(string path, string? outPath)
        {
            var process = Process.GetCurrentProcess();
            TimeSpan cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            long users;
            using (Stream target = outPath is null ? Stream.Null : File.Create(outPath))
            using (var hashing = new HashingStream(target, sha))
            {
                var part = new OpenClue.Modeling.Data.DatasetPart(path, () => File.OpenRead(path));
                using var writer = new OpenClue.Modeling.Features.FeatureSetWriter(hashing, new OpenClue.Modeling.Encoding.HashBehaviorEncoder(), leaveOpen: true);
                foreach (var user in OpenClue.Modeling.Data.SequenceDatasetReader.Read([part])) writer.Write(user);
                writer.Complete();
                users = writer.UserCount;
            }
            double s = sw.Elapsed.TotalSeconds;
            process.Refresh();
            double cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            return FormattableString.Invariant(
                $"{{\"users\":{users},\"seconds\":{s:F3},\"cpu_s\":{cpu:F3},\"peak_mb\":{process.PeakWorkingSet64 / 1048576},\"sha256\":\"{Convert.ToHexStringLower(sha.GetHashAndReset())}\"}}");
        }

        private sealed class HashingStream(Stream inner, System.Security.Cryptography.IncrementalHash hash) : Stream
        {
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() => inner.Flush();
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
            public override void Write(ReadOnlySpan<byte> buffer)
            {
                hash.AppendData(buffer);
                inner.Write(buffer);
            }
        }
    }

    /// <summary>The scoring micro-benchmarks' models (linear, 400 trees, blend) timed by hand: per pass the wall and the
    /// process CPU seconds (CPU is the steadier figure on a loaded machine), medians over the runs, and the SHA-256 of one
    /// pass's score lines (equal before and after a change of the scorer).</summary>
    public static class ScoringRuns
    {
        public static string Run(int runs, string? only = null)
        {
            var scoring = new Scoring();
            scoring.Setup();
            var parts = new List<string>();
            foreach ((string name, Func<Stream, long> pass) in new (string, Func<Stream, long>)[]
                { ("linear", scoring.ScoreLinearTo), ("trees", scoring.ScoreTreesTo), ("blend", scoring.ScoreBlendTo) })
            {
                if (only is not null && only != name) continue;
                var text = new MemoryStream();
                var first = Stopwatch.StartNew();
                long users = pass(text); // the first pass also prepares the model (its scoring tables) and JIT-compiles
                double firstWall = first.Elapsed.TotalSeconds;
                string sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(text.ToArray()));
                var walls = new List<double>();
                var cpus = new List<double>();
                var freshWalls = new List<double>();
                var freshCpus = new List<double>();
                var process = Process.GetCurrentProcess();
                for (int r = 0; r < runs; r++)
                {
                    Time(() => pass(Stream.Null), process, walls, cpus);
                    Time(() => scoring.ScoreFreshModel(name), process, freshWalls, freshCpus);
                }
                walls.Sort();
                cpus.Sort();
                freshWalls.Sort();
                freshCpus.Sort();
                double wall = walls[runs / 2], cpu = cpus[runs / 2];
                double prepareWall = freshWalls[runs / 2], prepareCpu = freshCpus[runs / 2]; // reading the model, building its tables
                parts.Add(FormattableString.Invariant(
                    $"\"{name}\":{{\"users\":{users},\"first_pass_s\":{firstWall:F4},\"wall_s\":{wall:F4},\"cpu_s\":{cpu:F4},\"model_prepare_wall_s\":{prepareWall:F4},\"model_prepare_cpu_s\":{prepareCpu:F4},\"users_per_s\":{users / wall:F0},\"users_per_cpu_s\":{users / cpu:F0},\"sha256\":\"{sha}\"}}"));
            }
            return "{" + string.Join(",", parts) + "}";
        }

        private static void Time(Action pass, Process process, List<double> walls, List<double> cpus)
        {
            process.Refresh();
            TimeSpan cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            pass();
            walls.Add(sw.Elapsed.TotalSeconds);
            process.Refresh();
            cpus.Add((process.TotalProcessorTime - cpu0).TotalSeconds);
        }
    }

    /// <summary>Turns BenchmarkDotNet summaries into one Markdown table with throughput in domain units.</summary>
    public static class MicroReport
    {
        public static string Render(IEnumerable<Summary> summaries)
        {
            var sb = new StringBuilder();
            sb.AppendLine("| Benchmark | Mean | StdDev | Allocated/op | Throughput |");
            sb.AppendLine("|---|---:|---:|---:|---|");
            foreach (Summary summary in summaries)
                foreach (BenchmarkReport report in summary.Reports)
                {
                    var stats = report.ResultStatistics;
                    string name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
                    string type = report.BenchmarkCase.Descriptor.Type.Name;
                    if (stats is null) { sb.AppendLine($"| {type}.{name} | failed | | | |"); continue; }
                    double ns = stats.Mean;
                    long? alloc = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
                    string through = Bench.Units.TryGetValue($"{type}.{name}", out var u)
                        ? string.Join("; ", u.Select(x => $"{Human(x.Count / (ns / 1e9))} {x.Unit}/s"))
                        : "";
                    sb.AppendLine($"| {type}.{name} | {Time(ns)} | {Time(stats.StandardDeviation)} | {(alloc is null ? "?" : Bytes(alloc.Value))} | {through} |");
                }
            return sb.ToString();
        }

        static string Time(double ns) => ns switch
        {
            < 1e3 => $"{ns:F1} ns",
            < 1e6 => $"{ns / 1e3:F2} µs",
            < 1e9 => $"{ns / 1e6:F2} ms",
            _ => $"{ns / 1e9:F3} s",
        };

        static string Bytes(long b) => b switch { < 1024 => $"{b} B", < 1 << 20 => $"{b / 1024.0:F1} KB", _ => $"{b / 1048576.0:F1} MB" };

        static string Human(double v) => v switch
        {
            >= 1e9 => $"{v / 1e9:F2} G",
            >= 1e6 => $"{v / 1e6:F2} M",
            >= 1e3 => $"{v / 1e3:F1} k",
            _ => $"{v:F1}",
        };
    }
}
