using OpenClue.Cli.Tests.Infrastructure;

namespace OpenClue.Cli.Tests;

/// <summary>The README quickstart through the real CLI: configure with the server's key, then <c>openclue demo</c>.</summary>
[Collection(ServerCollection.Name)]
public sealed class DemoFlowTests(ServerFixture fixture)
{
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Configure_then_demo_runs_feature_task_and_run_and_says_where_the_result_is()
    {
        using var cli = new CliProcess();
        cli.Environment["OPENCLUE_DATA_DIR"] = _server.DataDir;

        var configured = await cli.RunAsync("configure", "--endpoint", _server.Endpoint.ToString(),
            "--access-key", TestServer.AccessKey, "--secret-key", TestServer.SecretKey);
        Assert.True(configured.ExitCode == 0, configured.ToString());
        var config = Path.Combine(cli.Home, ".openclue", "config");
        Assert.Contains($"access_key = {TestServer.AccessKey}", File.ReadAllText(config));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));

        var demo = await cli.RunAsync("demo", "--users", "1000");

        Assert.True(demo.ExitCode == 0, demo.ToString());
        Assert.Contains("1/4 Writing 1,000 sample shoppers", demo.Stdout);
        Assert.Matches(@"AUROC 0\.[6-9]\d{3}", demo.Stdout);
        var result = Assert.Single(demo.Stdout.Split('\n'), l => l.Contains("scores (user_id<TAB>")).Split(" in ")[^1].Trim();
        Assert.StartsWith(Path.Combine(_server.DataDir, "buckets", "openclue-demo"), result);
        Assert.Equal(1000, File.ReadAllLines(result).Length);
        Assert.Contains("completed", demo.Stderr); // the status lines
    }

    [Fact]
    public async Task Demo_with_json_output_prints_one_json_object_whose_run_can_be_downloaded()
    {
        using var cli = CliProcess.For(_server);

        var demo = await cli.RunAsync("demo", "--users", "1000", "--output", "json");

        Assert.True(demo.ExitCode == 0, demo.ToString());
        var summary = demo.Json();
        Assert.InRange(summary.GetProperty("AUROC").GetDouble(), 0.6, 1.0);
        Assert.Contains("1/4 Writing", demo.Stderr);

        var target = Path.Combine(cli.Home, "scores.tsv");
        var download = await cli.RunAsync("runs", "download", summary.GetProperty("run_id").GetString()!, target);
        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.Equal(1000, File.ReadAllLines(target).Length);
        Assert.Matches(@"^member\d{5}\t[01]\.\d{6}$", File.ReadLines(target).First());
    }
}
