using System.Diagnostics;
using System.Net;
using OpenClue.Server.Tests.Api;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Security;

/// <summary>
/// A tenant granted only its own bucket, and another tenant's bucket next to it holding data: symbolic links planted
/// in the first must never reach the second (or anything else outside the bucket's real root), for sources, label
/// files, folder listings and published results. Also: link cycles, FIFOs and the folder limits.
/// </summary>
public sealed class BucketConfinementTests(BucketConfinementTests.Fixture fx) : IClassFixture<BucketConfinementTests.Fixture>
{
    public sealed class Fixture : SharedHostFixture
    {
        public const string Victim = "victim";
        public const string Mine = "mine";
        public HttpClient Tenant { get; private set; } = null!;
        public string MineRoot { get; private set; } = "";
        public string VictimRoot { get; private set; } = "";
        public BehaviorData Data { get; } = BehaviorData.Generate(400, seed: 11);

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["OpenClue:Limits:FolderFiles"] = "50" };

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            VictimRoot = Host.Bucket(Victim);
            MineRoot = Host.Bucket(Mine);
            Data.WriteSequences(Path.Combine(VictimRoot, "seq.tsv"));
            Data.WriteLabels(Path.Combine(VictimRoot, "labels.tsv"), 0, 400);
            Data.WriteSequences(Path.Combine(MineRoot, "seq.tsv"));
            Data.WriteLabels(Path.Combine(MineRoot, "labels.tsv"), 0, 400);
            (_, Tenant, _) = await NewTenantAsync(Host, Mine);
        }

        public override async Task DisposeAsync()
        {
            Tenant.Dispose();
            await base.DisposeAsync();
        }
    }

    private string Link(string relative, string target)
    {
        var path = Path.Combine(fx.MineRoot, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, target);
        return relative;
    }

    private async Task<ApiCalls.Reply> CreateFeature(string path) =>
        await fx.Tenant.PostJsonAsync("/api/v1/features", FeatureBody(Unique("f"), Fixture.Mine, path));

    private static void AssertRefused(ApiCalls.Reply reply, string code, string because)
    {
        AssertError(reply, code);
        Assert.Contains(because, reply.Body.GetProperty("error").GetProperty("details").GetString());
    }

    [Fact]
    public async Task A_source_file_linked_into_another_bucket_is_refused()
    {
        var name = Unique("stolen");
        AssertRefused(await CreateFeature(Link($"{name}.tsv", Path.Combine(fx.VictimRoot, "seq.tsv"))), "10106", "outside the bucket");
        AssertRefused(await CreateFeature(Link($"{name}-rel.tsv", "../victim/seq.tsv")), "10106", "outside the bucket");
    }

    [Fact]
    public async Task A_folder_linked_into_another_bucket_is_refused_as_a_path_component_and_as_a_folder_source()
    {
        var dir = Link(Unique("linkdir"), fx.VictimRoot);
        AssertRefused(await CreateFeature($"{dir}/seq.tsv"), "10106", "outside the bucket");
        AssertRefused(await CreateFeature($"{dir}/"), "10106", "outside the bucket");
    }

    [Fact]
    public async Task A_folder_source_holding_a_link_out_of_the_bucket_is_refused()
    {
        var folder = Unique("parts");
        fx.Data.WriteSequences(Path.Combine(fx.MineRoot, folder, "part-00000"));
        Link($"{folder}/part-00001", Path.Combine(fx.VictimRoot, "seq.tsv"));
        AssertRefused(await CreateFeature($"{folder}/"), "10106", "outside the bucket");
        var etc = Link(Unique("etc"), "/etc");
        AssertRefused(await CreateFeature($"{etc}/passwd"), "10106", "outside the bucket");
    }

    [Fact]
    public async Task A_link_that_stays_inside_the_bucket_is_followed()
    {
        var alias = Link($"{Unique("alias")}.tsv", "seq.tsv");
        var created = await CreateFeature(alias);
        Assert.True(created.Status == HttpStatusCode.OK, created.ToString());
        var (_, done) = await fx.Tenant.WaitForEndAsync($"/api/v1/features/{created.Field("feature_id")}");
        Assert.Equal("completed", done.Field("status"));
        Assert.Equal(400, done.Body.GetProperty("user_count").GetInt64());
    }

    [Fact]
    public async Task A_linked_label_file_is_refused_and_a_linked_result_folder_receives_nothing()
    {
        var feature = await CreateCompletedFeatureAsync(fx.Tenant, Fixture.Mine, "seq.tsv");
        var labels = Link($"{Unique("labels")}.tsv", Path.Combine(fx.VictimRoot, "labels.tsv"));
        AssertRefused(await fx.Tenant.PostJsonAsync("/api/v1/tasks", TaskBody(Unique("t"), feature, Fixture.Mine, labels)), "10107", "outside the bucket");
        var labelDir = Link(Unique("labeldir"), fx.VictimRoot);
        AssertRefused(await fx.Tenant.PostJsonAsync("/api/v1/tasks", TaskBody(Unique("t"), feature, Fixture.Mine, $"{labelDir}/")), "10107", "outside the bucket");

        var task = await CreateCompletedTaskAsync(fx.Tenant, feature, Fixture.Mine, "labels.tsv");
        var outside = Directory.CreateTempSubdirectory("openclue-outside-").FullName;
        try
        {
            foreach (var target in new[] { fx.VictimRoot, outside })
            {
                var folder = Link(Unique("results"), target);
                var before = Directory.GetFiles(target, "*", SearchOption.AllDirectories).Length;
                foreach (var resultPath in new[] { $"{folder}/", $"{folder}/deeper/scores.tsv" })
                {
                    var run = await fx.Tenant.PostJsonAsync("/api/v1/task-runs", RunBody(Unique("r"), task, feature, Fixture.Mine, resultPath));
                    if (run.Status != HttpStatusCode.OK)
                    {
                        AssertError(run, "10106"); // refused at request time is as good as failing the job
                        continue;
                    }
                    var (_, end) = await fx.Tenant.WaitForEndAsync($"/api/v1/task-runs/{run.Field("run_id")}");
                    Assert.Equal("failed", end.Field("status"));
                    Assert.Equal("OBS_USER_FILE_ACCESS_ERROR", end.Field("fail_message"));
                }
                Assert.Equal(before, Directory.GetFiles(target, "*", SearchOption.AllDirectories).Length);
                Assert.False(Directory.Exists(Path.Combine(target, "deeper")));
            }
        }
        finally { OpenClueHost.TryDeleteDirectory(outside); }
    }

    [Fact]
    public async Task A_symlink_cycle_is_answered_within_seconds()
    {
        var root = Unique("cycle");
        Directory.CreateDirectory(Path.Combine(fx.MineRoot, root, "e"));
        foreach (var name in new[] { "up1", "up2", "up3" }) Link($"{root}/e/{name}", "..");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var started = Stopwatch.StartNew();
        var reply = await ApiCalls.ReadAsync(await fx.Tenant.PostAsync("/api/v1/features",
            new StringContent(System.Text.Json.JsonSerializer.Serialize(FeatureBody(Unique("f"), Fixture.Mine, $"{root}/e/"))), timeout.Token));
        AssertRefused(reply, "10106", "cycle");
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_fifo_is_refused_as_a_source_and_inside_a_folder()
    {
        var folder = Unique("fifo");
        var fifo = Path.Combine(fx.MineRoot, folder, "pipe.tsv");
        Directory.CreateDirectory(Path.GetDirectoryName(fifo)!);
        using (var mkfifo = Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        AssertRefused(await CreateFeature($"{folder}/pipe.tsv"), "10106", "not a regular file");
        AssertRefused(await CreateFeature($"{folder}/"), "10106", "not a regular file");
        var feature = await CreateCompletedFeatureAsync(fx.Tenant, Fixture.Mine, "seq.tsv");
        AssertRefused(await fx.Tenant.PostJsonAsync("/api/v1/tasks", TaskBody(Unique("t"), feature, Fixture.Mine, $"{folder}/pipe.tsv")),
            "10107", "not a regular file");
    }

    [Fact]
    public async Task A_folder_over_the_file_limit_is_refused()
    {
        var folder = Unique("many");
        Directory.CreateDirectory(Path.Combine(fx.MineRoot, folder));
        for (var i = 0; i < 51; i++) await File.WriteAllTextAsync(Path.Combine(fx.MineRoot, folder, $"part-{i:D5}"), $"u{i}\ta\n");
        AssertRefused(await CreateFeature($"{folder}/"), "10106", "OpenClue:Limits:FolderFiles");
    }
}
