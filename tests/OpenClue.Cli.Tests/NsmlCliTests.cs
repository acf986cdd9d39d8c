using System.Net;
using OpenClue.Cli.Tests.Infrastructure;
using OpenClue.Client;
using OpenClue.Client.Nsml;

namespace OpenClue.Cli.Tests;

/// <summary><c>NsmlClient</c> and <c>openclue nsml ...</c> against a real server whose runs really run.</summary>
[Collection(ServerCollection.Name)]
public sealed class NsmlCliTests(ServerFixture fixture)
{
    private readonly TestServer _server = fixture.Server;

    private NsmlClient Client() => NsmlClient.Create(_server.Endpoint, TestServer.AccessKey, TestServer.SecretKey);

    [Fact]
    public async Task The_client_follows_a_log_while_the_run_runs_and_stops_a_run()
    {
        using var client = Client();
        var project = (await client.CreateProjectAsync("client-" + Guid.NewGuid().ToString("N")[..8])).ProjectId;
        var workspace = (await client.GetNasAsync(project)).NasPath;
        var run = await client.CreateRunAsync(project, new NsmlRunRequest(1, 1, "BASE", "nvcr.io/nvidia/pytorch:21.02-py3",
            "echo first; while [ ! -f go ]; do sleep 0.05; done; echo second $GREETING", new Dictionary<string, string> { ["GREETING"] = "hi" }));
        var text = new System.Text.StringBuilder();
        var following = client.FollowLogAsync(project, run.RunName, chunk =>
        {
            lock (text)
            {
                text.Append(chunk);
                if (chunk.Contains("first")) File.WriteAllText(Path.Combine(workspace, "go"), "");
            }
            return Task.CompletedTask;
        }, poll: TimeSpan.FromMilliseconds(100));
        var ended = await following.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(NsmlRunStates.Completed, ended.Status);
        Assert.Equal("first\nsecond hi\n", text.ToString());
        var nodes = await client.ListNodesAsync(project, run.RunName);
        Assert.Equal(0, nodes.Nodes.Single().ExitCode);

        var sleeper = await client.CreateRunAsync(project, new NsmlRunRequest(1, 1, "BASE", "nvcr.io/nvidia/pytorch:21.02-py3", "exec sleep 300"));
        await client.WaitForRunAsync(project, sleeper.RunName, TimeSpan.FromMilliseconds(100))
            .WaitAsync(TimeSpan.FromMilliseconds(1500)).ContinueWith(_ => { });
        await client.StopRunAsync(project, sleeper.RunName);
        Assert.Equal(NsmlRunStates.Stopped, (await client.WaitForRunAsync(project, sleeper.RunName, TimeSpan.FromMilliseconds(100))).Status);

        var error = await Assert.ThrowsAsync<OpenClueApiException>(() => client.DeleteProjectAsync("nosuchproject"));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("20110", error.ErrorCode);
    }

    [Fact]
    public async Task Nsml_commands_create_wait_follow_list_and_report_failures_by_exit_code()
    {
        using var cli = CliProcess.For(_server);
        var products = await cli.RunAsync("nsml", "products", "-o", "json");
        Assert.True(products.ExitCode == 0, products.ToString());
        Assert.Equal(1, products.Json().GetProperty("serverProductList")[0].GetProperty("gpuSvrCode").GetInt32());

        var created = await cli.RunAsync("nsml", "projects", "create", "cli-" + Guid.NewGuid().ToString("N")[..8], "-o", "json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var project = created.Json().GetProperty("projectId").GetString()!;

        var failing = await cli.RunAsync("nsml", "runs", "create", project, "echo hi from cli; exit 4", "--wait");
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("hi from cli", failing.Stdout);
        Assert.Contains("RUN_STATE_FAILED", failing.Stderr);
        Assert.Contains("code 4", failing.Stderr);

        var passing = await cli.RunAsync("nsml", "runs", "create", project, "echo rank $RANK of $WORLD_SIZE says $WORD", "--nodes", "2",
            "--env", "WORD=hello", "--wait");
        Assert.True(passing.ExitCode == 0, passing.ToString());
        Assert.Contains("rank 0 of 2 says hello", passing.Stdout);
        Assert.Contains("rank 1 of 2 says hello", passing.Stdout);

        var logs = await cli.RunAsync("nsml", "runs", "logs", project, "1");
        Assert.Equal(0, logs.ExitCode);
        Assert.Contains("hi from cli", logs.Stdout);
        var follow = await cli.RunAsync("nsml", "runs", "logs", project, "2", "--follow");
        Assert.Equal(0, follow.ExitCode);
        Assert.Contains("rank 1 of 2 says hello", follow.Stdout);

        var list = await cli.RunAsync("nsml", "runs", "list", "--project", project, "-o", "json");
        Assert.Equal(2, list.Json().GetProperty("totalCount").GetInt32());
        Assert.Equal("2", list.Json().GetProperty("runList")[0].GetProperty("runName").GetString());
        var table = await cli.RunAsync("nsml", "runs", "nodes", project, "2");
        Assert.Contains("COMPLETED", table.Stdout);

        var stop = await cli.RunAsync("nsml", "runs", "stop", project, "1");
        Assert.Equal(3, stop.ExitCode); // already ended: 406 from the server
        Assert.Contains("406", stop.Stderr);
        Assert.Equal(0, (await cli.RunAsync("nsml", "runs", "delete", project, "1")).ExitCode);
        Assert.Equal(0, (await cli.RunAsync("nsml", "projects", "delete", project)).ExitCode);
    }
}
