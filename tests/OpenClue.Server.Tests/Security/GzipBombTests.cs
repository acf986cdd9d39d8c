using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using OpenClue.Client;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Security;

/// <summary>
/// A 2 GiB gzip bomb (one line of 'a', 9 MB compressed) against the server as its own process: as a sequence file the
/// feature fails <c>UNEXPECTED_TXT_FORMAT</c> (the line limit), as a label file <c>POST /tasks</c> answers within
/// seconds (the personal-data scan stops at its character budget) and the task fails likewise; meanwhile another
/// tenant's feature completes and the server's peak memory stays under the bound docs/security.md documents (1 GiB).
/// </summary>
public sealed class GzipBombTests : IDisposable
{
    private const long DocumentedPeakBytes = 1L << 30;
    private const string AccessKey = "AKBOMB";
    private const string Secret = "bomb-secret";
    private readonly string _dataDir = Directory.CreateTempSubdirectory("openclue-bomb-").FullName;

    private static void WriteBomb(string path, long bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
        var chunk = new byte[1 << 20];
        chunk.AsSpan().Fill((byte)'a');
        for (long written = 0; written < bytes; written += chunk.Length) gzip.Write(chunk);
    }

    private async Task<(string AccessKey, string Secret)> CreateTenantAsync(string tenant, string bucket)
    {
        async Task<string> Admin(params string[] args)
        {
            var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "OpenClue.Server.dll"), "admin", .. args])
            {
                RedirectStandardOutput = true, WorkingDirectory = AppContext.BaseDirectory,
            };
            info.Environment["OpenClue__DataDir"] = _dataDir;
            using var process = Process.Start(info)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            return output;
        }
        var key = JsonDocument.Parse(await Admin("create-key", "--tenant", tenant)).RootElement;
        await Admin("grant", "--tenant", tenant, "--bucket", bucket);
        return (key.GetProperty("access_key").GetString()!, key.GetProperty("secret_key").GetString()!);
    }

    private static long PeakResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]) * 1024;
        throw new InvalidOperationException("no VmHWM");
    }

    [Fact]
    public async Task A_2_GiB_gzip_bomb_fails_with_a_fail_message_under_the_memory_bound_while_another_tenants_job_completes()
    {
        var buckets = Path.Combine(_dataDir, "buckets");
        WriteBomb(Path.Combine(buckets, "attack", "bomb.tsv.gz"), 2L << 30);
        var data = BehaviorData.Generate(400, seed: 5);
        data.WriteSequences(Path.Combine(buckets, "attack", "seq.tsv"));
        data.WriteSequences(Path.Combine(buckets, "other", "seq.tsv"));
        var other = await CreateTenantAsync("other", "other");

        await using var server = await ServerProcess.StartAsync(_dataDir, AccessKey, Secret,
            new Dictionary<string, string> { ["OpenClue:Worker:Concurrency"] = "2" });
        using var attacker = new HttpClient(new SignatureV2Handler(AccessKey, Secret) { InnerHandler = new SocketsHttpHandler() })
        { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var victim = new HttpClient(new SignatureV2Handler(other.AccessKey, other.Secret) { InnerHandler = new SocketsHttpHandler() })
        { BaseAddress = server.BaseAddress };

        var attackerFeature = await Api.ApiData.CreateCompletedFeatureAsync(attacker, "attack", "seq.tsv");
        var bomb = await attacker.PostJsonAsync("/api/v1/features", Api.ApiData.FeatureBody("bomb", "attack", "bomb.tsv.gz"));
        Assert.True(bomb.Status == HttpStatusCode.OK, bomb.ToString());
        var innocent = await victim.PostJsonAsync("/api/v1/features", Api.ApiData.FeatureBody("innocent", "other", "seq.tsv"));
        Assert.True(innocent.Status == HttpStatusCode.OK, innocent.ToString());

        // The request-time label scan reads a bounded prefix: answered at once, the job then applies the line limit.
        using (var answered = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            var body = JsonSerializer.Serialize(Api.ApiData.TaskBody("bomb-labels", attackerFeature, "attack", "bomb.tsv.gz"));
            var task = await ApiCalls.ReadAsync(await attacker.PostAsync("/api/v1/tasks", new StringContent(body), answered.Token));
            Assert.True(task.Status == HttpStatusCode.OK, task.ToString());
            var (_, taskEnd) = await attacker.WaitForEndAsync($"/api/v1/tasks/{task.Field("task_id")}", TimeSpan.FromMinutes(5));
            Assert.Equal("failed", taskEnd.Field("status"));
            Assert.Equal("UNEXPECTED_TXT_FORMAT", taskEnd.Field("fail_message"));
        }

        var (_, bombEnd) = await attacker.WaitForEndAsync($"/api/v1/features/{bomb.Field("feature_id")}", TimeSpan.FromMinutes(5));
        Assert.Equal("failed", bombEnd.Field("status"));
        Assert.Equal("UNEXPECTED_TXT_FORMAT", bombEnd.Field("fail_message"));
        var (_, innocentEnd) = await victim.WaitForEndAsync($"/api/v1/features/{innocent.Field("feature_id")}", TimeSpan.FromMinutes(5));
        Assert.Equal("completed", innocentEnd.Field("status"));

        var peak = PeakResidentBytes(server.Id);
        Assert.True(peak < DocumentedPeakBytes, $"server peak RSS {peak >> 20} MiB, documented bound {DocumentedPeakBytes >> 20} MiB");
        Assert.Equal(HttpStatusCode.OK, (await attacker.GetAsync("/healthz")).StatusCode);
    }

    public void Dispose() => OpenClueHost.TryDeleteDirectory(_dataDir);
}
