using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenClue.Client;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Security;

/// <summary>
/// Issue 11, item 5: a job whose attempts crash the process. The server runs as its own process and is killed with
/// SIGKILL while two jobs are in flight: a "poison" one, whose FIFO source is never fed (each of its attempts is killed
/// again), and an innocent one. After a restart neither is re-run before the crash back-off, other jobs run meanwhile,
/// each re-run runs alone, and the poison job fails saying it crashed the worker while the innocent one completes.
/// </summary>
public sealed class PoisonJobTests : IDisposable
{
    private const string AccessKey = "AKPOISON";
    private const string Secret = "poison-secret";
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(30);
    private readonly string _dataDir = Directory.CreateTempSubdirectory("openclue-poison-").FullName;
    private readonly string _bucket;

    public PoisonJobTests() => _bucket = Directory.CreateDirectory(Path.Combine(_dataDir, "buckets", "poison")).FullName;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["OpenClue:Limits:AllowFifos"] = "true", // a FIFO keeps a job provably in flight, with no hook in the server
        ["OpenClue:Jobs:MaxAttempts"] = "2",
        ["OpenClue:Jobs:CrashBackoff"] = "00:00:30",
        ["OpenClue:Worker:Concurrency"] = "4",
    };

    private HttpClient Client(ServerProcess server) =>
        new(new SignatureV2Handler(AccessKey, Secret) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = server.BaseAddress };

    private string MakeFifo(string name)
    {
        var path = Path.Combine(_bucket, name);
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    private static bool Started(ServerProcess server, string jobId, int attempt) =>
        Regex.IsMatch(server.Output, $@"Job {Regex.Escape(jobId)} \(\w+\) attempt {attempt} started");

    private static async Task<string> CreateFeatureAsync(HttpClient api, string name, string path)
    {
        var created = await api.PostJsonAsync("/api/v1/features", new { name, source_bucket = "poison", source_file_path = path });
        Assert.Equal(System.Net.HttpStatusCode.OK, created.Status);
        return created.Field("feature_id");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task A_job_that_crashes_the_worker_is_re_run_alone_after_a_back_off_and_fails_without_costing_others_attempts()
    {
        MakeFifo("poison.tsv");
        var innocentFifo = MakeFifo("innocent.tsv");
        var data = BehaviorData.Generate(200, seed: 11);
        data.WriteSequences(Path.Combine(_bucket, "plain.tsv"));

        string poison, innocent;
        DateTime killedAt;
        await using (var first = await ServerProcess.StartAsync(_dataDir, AccessKey, Secret, Settings))
        {
            using var api = Client(first);
            poison = await CreateFeatureAsync(api, "poison", "poison.tsv");
            innocent = await CreateFeatureAsync(api, "innocent", "innocent.tsv");
            await WaitForAsync(() => Task.FromResult(Started(first, poison, 1) && Started(first, innocent, 1)), "both jobs in flight", TimeSpan.FromSeconds(60));
            first.Kill(); // crash 1: both were in flight, nobody knows which killed it
            killedAt = DateTime.UtcNow;
        }

        Task? feeding = null;
        await using (var second = await ServerProcess.StartAsync(_dataDir, AccessKey, Secret, Settings))
        {
            using var api = Client(second);
            // Other jobs run while the crashed ones wait out their back-off.
            var other = await CreateFeatureAsync(api, "other", "plain.tsv");
            var (_, built) = await api.WaitForEndAsync($"/api/v1/features/{other}");
            Assert.Equal("completed", built.Field("status"));
            Assert.False(Started(second, poison, 2) || Started(second, innocent, 2), $"a crashed job was re-run before another job finished:\n{second.Output}");

            await WaitForAsync(() => Task.FromResult(Started(second, poison, 2) || Started(second, innocent, 2)), "a re-run after the back-off",
                TimeSpan.FromMinutes(3));
            Assert.True(DateTime.UtcNow - killedAt >= Backoff, "a crashed job was re-run before its back-off");
            // Each re-run runs alone: the other one, trying again every 2 s meanwhile, keeps waiting.
            await Task.Delay(TimeSpan.FromSeconds(5));
            Assert.False(Started(second, poison, 2) && Started(second, innocent, 2), "the two crashed jobs were re-run side by side");
            if (Started(second, innocent, 2))
            {
                feeding = RestartTests.FeedWhenReopenedAsync(second, innocent, () => data.WriteSequences(innocentFifo));
                var (_, done) = await api.WaitForEndAsync($"/api/v1/features/{innocent}");
                Assert.Equal("completed", done.Field("status"));
                await WaitForAsync(() => Task.FromResult(Started(second, poison, 2)), "the poison job's re-run", TimeSpan.FromMinutes(1));
            }
            second.Kill(); // crash 2, during the poison job's lone attempt: its own
        }

        await using var third = await ServerProcess.StartAsync(_dataDir, AccessKey, Secret, Settings);
        using var api3 = Client(third);
        var (_, failed) = await api3.WaitForEndAsync($"/api/v1/features/{poison}");
        Assert.Equal("failed", failed.Field("status"));
        Assert.Equal("COMMON_ERROR", failed.Field("fail_message"));
        Assert.Contains("crashed the worker 2 times", failed.Field("fail_details"));
        feeding ??= RestartTests.FeedWhenReopenedAsync(third, innocent, () => data.WriteSequences(innocentFifo)); // its lone re-run
        var (_, innocentDone) = await api3.WaitForEndAsync($"/api/v1/features/{innocent}", TimeSpan.FromMinutes(2));
        await feeding;
        Assert.Equal("completed", innocentDone.Field("status")); // two crashes, MaxAttempts 2, yet it lost only the one it shared
        Assert.Equal(200, innocentDone.Body.GetProperty("user_count").GetInt64());
    }

    public void Dispose() => OpenClueHost.TryDeleteDirectory(_dataDir);
}
