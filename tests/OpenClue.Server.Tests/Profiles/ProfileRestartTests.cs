using System.Diagnostics;
using OpenClue.Client;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Profiles.ProfileData;

namespace OpenClue.Server.Tests.Profiles;

/// <summary>
/// A server killed while a custom-attributes job runs: after a restart the job ends (completed here) and the bucket holds
/// the one result file and nothing partial. The job is provably in progress at the kill: the first server's encoder
/// model is a FIFO nobody writes, so the job is blocked loading it.
/// </summary>
public sealed class ProfileRestartTests : IDisposable
{
    private const string AccessKey = "AKPROFILES";
    private const string Secret = "profiles-restart-secret";
    private readonly string _dataDir = Directory.CreateTempSubdirectory("openclue-profile-restart-").FullName;

    private HttpClient Client(ServerProcess server) =>
        new(new SignatureV2Handler(AccessKey, Secret) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = server.BaseAddress };

    [Fact]
    public async Task A_custom_attributes_job_killed_in_progress_completes_after_restart_without_partial_files()
    {
        var bucket = Directory.CreateDirectory(Path.Combine(_dataDir, "buckets", "restart")).FullName;
        BehaviorData.Generate(300, seed: 4).WriteSequences(Path.Combine(bucket, "seq.tsv"));
        var fifo = Path.Combine(_dataDir, "model-fifo.onnx");
        using (var mkfifo = Process.Start("mkfifo", [fifo])!) mkfifo.WaitForExit();

        string profileId;
        await using (var first = await ServerProcess.StartAsync(_dataDir, AccessKey, Secret,
                         new Dictionary<string, string> { ["OpenClue:Profiles:EncoderModelPath"] = fifo }))
        {
            using var api = Client(first);
            var feature = (await api.PostJsonAsync("/api/v1/features", new { name = "f", source_bucket = "restart", source_file_path = "seq.tsv" }))
                .Field("feature_id");
            var (_, built) = await api.WaitForEndAsync($"/api/v1/features/{feature}");
            Assert.Equal("completed", built.Field("status"));
            var created = await api.PostJsonAsync(CustomPath, CustomBody("restarted", feature, "protein\ndog food", "restart", "out/"));
            profileId = created.Field("profile_id");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await api.GetJsonAsync($"{CustomPath}/{profileId}")).Field("status") != "in_progress")
            {
                Assert.True(DateTime.UtcNow < deadline, "the profile never started");
                await Task.Delay(50);
            }
            first.Kill();
        }
        Assert.False(Directory.Exists(Path.Combine(bucket, "out")) && Directory.EnumerateFileSystemEntries(Path.Combine(bucket, "out")).Any());

        await using var second = await ServerProcess.StartAsync(_dataDir, AccessKey, Secret); // the package's model
        using var api2 = Client(second);
        Assert.Equal("in_progress", (await api2.GetJsonAsync($"{CustomPath}/{profileId}")).Field("status"));
        var (_, done) = await api2.WaitForEndAsync($"{CustomPath}/{profileId}", TimeSpan.FromMinutes(3));
        Assert.Equal("completed", done.Field("status"));
        var files = Directory.GetFiles(Path.Combine(bucket, "out"), "*", SearchOption.AllDirectories);
        Assert.Equal(Path.Combine(bucket, done.Field("result_file_path")), Assert.Single(files));
        Assert.Equal(300, File.ReadAllLines(files[0]).Length);
        Assert.Contains("recovering", second.Output, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => OpenClueHost.TryDeleteDirectory(_dataDir);
}
