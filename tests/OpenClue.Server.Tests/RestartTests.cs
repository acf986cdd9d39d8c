using System.Diagnostics;
using OpenClue.Client;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests;

/// <summary>
/// Crashes and restarts on the same data folder. A job's input is a FIFO so the job is provably in progress
/// (blocked reading it) at the moment the process is killed, with no test hook in the server.
/// </summary>
public sealed class RestartTests : IDisposable
{
    private const string AccessKey = "AKRESTART";
    private const string Secret = "restart-secret";
    private static readonly Dictionary<string, string> ReadFifos = new() { ["OpenClue:Limits:AllowFifos"] = "true" }; // off by default
    private readonly string _dataDir = Directory.CreateTempSubdirectory("openclue-restart-").FullName;

    private HttpClient Client(ServerProcess server) =>
        new(new SignatureV2Handler(AccessKey, Secret) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = server.BaseAddress };

    private string MakeFifo(string name)
    {
        var bucket = Directory.CreateDirectory(Path.Combine(_dataDir, "buckets", "restart")).FullName;
        var path = Path.Combine(bucket, name);
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    private string[] TemporaryArtifacts()
    {
        var artifacts = Path.Combine(_dataDir, "artifacts");
        return Directory.Exists(artifacts) ? Directory.GetFiles(artifacts, "*.tmp", SearchOption.AllDirectories) : [];
    }

    private static async Task WaitForStatusAsync(HttpClient api, string path, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await api.GetJsonAsync(path)).Field("status") != status)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} never became {status}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_job_killed_in_progress_finishes_after_restart()
    {
        var fifo = MakeFifo("live.tsv");
        var data = BehaviorData.Generate(300, seed: 5);
        string featureId;
        await using (var first = await ServerProcess.StartAsync(_dataDir, AccessKey, Secret, ReadFifos))
        {
            using var api = Client(first);
            var created = await api.PostJsonAsync("/api/v1/features", new { name = "live", source_bucket = "restart", source_file_path = "live.tsv" });
            featureId = created.Field("feature_id");
            await WaitForStatusAsync(api, $"/api/v1/features/{featureId}", "in_progress");
            first.Kill();
        }

        await using var second = await ServerProcess.StartAsync(_dataDir, AccessKey, Secret, ReadFifos);
        using var api2 = Client(second);
        Assert.Equal("in_progress", (await api2.GetJsonAsync($"/api/v1/features/{featureId}")).Field("status"));
        // The recovered job opens the FIFO again; feed it now.
        var writer = Task.Run(() => data.WriteSequences(fifo));
        var (_, done) = await api2.WaitForEndAsync($"/api/v1/features/{featureId}");
        await writer;
        Assert.Equal("completed", done.Field("status"));
        Assert.Equal(300, done.Body.GetProperty("user_count").GetInt64());
        Assert.Contains("recovering", second.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_job_that_keeps_crashing_fails_with_COMMON_ERROR_instead_of_staying_in_progress()
    {
        MakeFifo("never.tsv");
        var settings = new Dictionary<string, string>(ReadFifos) { ["OpenClue:Jobs:MaxAttempts"] = "1" };
        string featureId;
        await using (var first = await ServerProcess.StartAsync(_dataDir, AccessKey, Secret, settings))
        {
            using var api = Client(first);
            var created = await api.PostJsonAsync("/api/v1/features", new { name = "doomed", source_bucket = "restart", source_file_path = "never.tsv" });
            featureId = created.Field("feature_id");
            await WaitForStatusAsync(api, $"/api/v1/features/{featureId}", "in_progress");
            // Killed once the attempt has opened its artifact's temporary file (it then blocks on the FIFO before writing
            // a byte); "in_progress" alone comes a few database round trips earlier, which a loaded machine stretches.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (TemporaryArtifacts().Length == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
            first.Kill();
        }
        Assert.NotEmpty(TemporaryArtifacts());
        await using var second = await ServerProcess.StartAsync(_dataDir, AccessKey, Secret, settings);
        using var api2 = Client(second);
        var (_, done) = await api2.WaitForEndAsync($"/api/v1/features/{featureId}");
        Assert.Equal("failed", done.Field("status"));
        Assert.Equal("COMMON_ERROR", done.Field("fail_message"));
        Assert.NotNull(done.Body.GetProperty("completed_at").GetString());
        Assert.Empty(TemporaryArtifacts()); // no 0-byte leftover of the crash
    }

    [Fact]
    public async Task Resources_and_keys_survive_a_graceful_restart()
    {
        var bucket = Directory.CreateDirectory(Path.Combine(_dataDir, "buckets", "restart")).FullName;
        var data = BehaviorData.Generate(600, seed: 9);
        data.WriteSequences(Path.Combine(bucket, "seq.tsv"));
        data.WriteLabels(Path.Combine(bucket, "train.tsv"), 0, 600);
        string featureId;
        await using (var first = await ServerProcess.StartAsync(_dataDir, AccessKey, Secret, ReadFifos))
        {
            using var api = Client(first);
            featureId = (await api.PostJsonAsync("/api/v1/features", new { name = "kept", source_bucket = "restart", source_file_path = "seq.tsv" })).Field("feature_id");
            await api.WaitForEndAsync($"/api/v1/features/{featureId}");
            await first.StopAsync();
        }
        await using var second = await ServerProcess.StartAsync(_dataDir, AccessKey, Secret, ReadFifos);
        using var api2 = Client(second);
        var feature = await api2.GetJsonAsync($"/api/v1/features/{featureId}");
        Assert.Equal("completed", feature.Field("status"));
        Assert.Equal(600, feature.Body.GetProperty("user_count").GetInt64());
        var task = await api2.PostJsonAsync("/api/v1/tasks", new { name = "after restart", train_feature_id = featureId, train_bucket = "restart", train_file_path = "train.tsv" });
        var (_, trained) = await api2.WaitForEndAsync($"/api/v1/tasks/{task.Field("task_id")}");
        Assert.Equal("completed", trained.Field("status"));
    }

    public void Dispose() => OpenClueHost.TryDeleteDirectory(_dataDir);
}
