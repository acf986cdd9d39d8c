using OpenClue.Cli.Tests.Infrastructure;

namespace OpenClue.Cli.Tests;

/// <summary><c>openclue profiles custom create --keywords … --wait</c> and <c>openclue profiles intents create|download</c> against a real server.</summary>
[Collection(ServerCollection.Name)]
public sealed class ProfilesCommandTests(ServerFixture fixture)
{
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Custom_attributes_and_shopping_intents_run_from_the_command_line()
    {
        using var cli = CliProcess.For(_server);
        var demo = await cli.RunAsync("demo", "--users", "1000", "--output", "json");
        Assert.True(demo.ExitCode == 0, demo.ToString());
        var feature = demo.Json().GetProperty("feature_id").GetString()!;
        var task = demo.Json().GetProperty("task_id").GetString()!;

        var name = $"runners-{Guid.NewGuid():N}"[..20];
        var custom = await cli.RunAsync("profiles", "custom", "create", "--name", name, "--feature-id", feature,
            "--keywords", "running, marathon", "trail shoes", "--result-bucket", "openclue-demo", "--result-file-path", $"{name}/", "--wait",
            "--output", "json");
        Assert.True(custom.ExitCode == 0, custom.ToString());
        var profile = custom.Json();
        Assert.Equal("completed", profile.GetProperty("status").GetString());
        Assert.Equal("running,marathon,trail shoes", profile.GetProperty("keyword_set").GetString());
        var result = Path.Combine(_server.DataDir, "buckets", "openclue-demo", profile.GetProperty("result_file_path").GetString()!);
        Assert.Equal(1000, File.ReadAllLines(result).Length);

        var intent = await cli.RunAsync("profiles", "intents", "create", "--name", name, "--task-id", task, "--wait", "--output", "json");
        Assert.True(intent.ExitCode == 0, intent.ToString());
        var intentId = intent.Json().GetProperty("profile_id").GetString()!;
        var download = await cli.RunAsync("profiles", "intents", "download", intentId, cli.Home);
        Assert.True(download.ExitCode == 0, download.ToString());
        var tsv = File.ReadAllLines(Path.Combine(cli.Home, $"{intentId}.tsv"));
        Assert.Equal("kind\tname\tshare\tlift", tsv[0]);
        Assert.True(tsv.Length > 1);

        var missing = await cli.RunAsync("profiles", "intents", "download", Guid.NewGuid().ToString(), cli.Home);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("10110", missing.Stderr + missing.Stdout);
    }
}
