using System.Net;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Nsml;

/// <summary>Runs that really run on the process executor, through signed HTTP requests (issue 12 acceptance).</summary>
public sealed class NsmlRunTests
{
    [Fact]
    public async Task A_training_run_prints_writes_a_file_completes_and_a_second_run_reads_it()
    {
        await using var host = OpenClueHost.Start(settings: NsmlCalls.FastSettings());
        var client = host.Client;
        var project = await client.CreateProjectAsync("flow");
        var run = await client.CreateRunAsync(project,
            "echo hello from rank $RANK; echo to stderr >&2; echo 42 > result.txt; while [ ! -f go ]; do sleep 0.05; done; echo done");

        var list = await client.GetNsmlAsync("/projects/runs");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        var item = list.Body.GetProperty("runList")[0];
        Assert.Equal(run, item.GetProperty("runName").GetString());
        Assert.Contains(item.GetProperty("status").GetString(), new[] { "RUN_STATE_PENDING", "RUN_STATE_IN_PROGRESS" });
        Assert.Equal("TRAINING", item.GetProperty("runType").GetString());
        Assert.Equal("flow", item.GetProperty("projectName").GetString());
        Assert.Equal(host.AccessKey, item.GetProperty("creator").GetString());

        // The command waits for a file the test writes, so the run is seen in progress, in the list too.
        await client.WaitForStatusAsync(project, run, "RUN_STATE_IN_PROGRESS");
        var listed = await client.GetNsmlAsync("/projects/runs?status=RUN_STATE_IN_PROGRESS");
        Assert.Equal(run, listed.Body.GetProperty("runList")[0].GetProperty("runName").GetString());
        await File.WriteAllTextAsync(Path.Combine(NsmlCalls.Workspace(host, project), "go"), "");
        var (_, last) = await client.WaitForRunAsync(project, run);
        Assert.Equal("RUN_STATE_COMPLETED", last.Field("status"));
        list = await client.GetNsmlAsync("/projects/runs");
        Assert.Equal("RUN_STATE_COMPLETED", list.Body.GetProperty("runList")[0].GetProperty("status").GetString());

        var log = await client.LogsAsync(project, run);
        Assert.Contains("hello from rank 0\n", log);
        Assert.Contains("to stderr\n", log);
        Assert.Contains("done\n", log);
        var tail = await client.LogsAsync(project, run, offset: log.IndexOf("done", StringComparison.Ordinal));
        Assert.Equal("done\n", tail);

        var nodes = await client.GetNsmlAsync($"/projects/{project}/runs/{run}/nodes");
        Assert.Equal(1, nodes.Body.GetProperty("totalCount").GetInt32());
        var node = nodes.Body.GetProperty("nodes")[0];
        Assert.Equal(0, node.GetProperty("exitCode").GetInt32());
        Assert.Equal(0, node.GetProperty("rank").GetInt32());
        Assert.Equal("COMPLETED", node.GetProperty("state").GetString());
        Assert.False(string.IsNullOrEmpty(node.GetProperty("host").GetString()));
        Assert.Equal("nvcr.io/nvidia/pytorch:21.02-py3", node.GetProperty("containerImage").GetString());

        var second = await client.CreateRunAsync(project, "echo read $(cat result.txt)");
        Assert.Equal((int.Parse(run) + 1).ToString(), second);
        Assert.Equal("RUN_STATE_COMPLETED", (await client.WaitForRunAsync(project, second)).Last.Field("status"));
        Assert.Contains("read 42\n", await client.LogsAsync(project, second));
    }

    [Fact]
    public async Task A_failing_command_ends_failed_with_its_exit_code()
    {
        await using var host = OpenClueHost.Start(settings: NsmlCalls.FastSettings());
        var project = await host.Client.CreateProjectAsync("fails");
        var run = await host.Client.CreateRunAsync(project, "echo about to fail; exit 3");
        var (_, last) = await host.Client.WaitForRunAsync(project, run);
        Assert.Equal("RUN_STATE_FAILED", last.Field("status"));
        Assert.Contains("code 3", last.Field("statusMessage"));
        var node = (await host.Client.GetNsmlAsync($"/projects/{project}/runs/{run}/nodes")).Body.GetProperty("nodes")[0];
        Assert.Equal(3, node.GetProperty("exitCode").GetInt32());
        Assert.Equal("FAILED", node.GetProperty("state").GetString());
        Assert.Contains("about to fail", await host.Client.LogsAsync(project, run));
    }

    [Fact]
    public async Task Stop_ends_the_run_stopped_and_leaves_no_process()
    {
        await using var host = OpenClueHost.Start(settings: NsmlCalls.FastSettings());
        var project = await host.Client.CreateProjectAsync("stops");
        // The shell ignores TERM, and leaves a child: only the KILL after the grace period ends it, and the whole group must go.
        var run = await host.Client.CreateRunAsync(project, "trap '' TERM; sleep 300 & echo $$ > pid.txt; wait");
        var pgid = int.Parse(await NsmlCalls.WaitForFileAsync(Path.Combine(NsmlCalls.Workspace(host, project), "pid.txt")));
        Assert.True(NsmlCalls.IsAlive(pgid));
        Assert.Equal(2, NsmlCalls.GroupMembers(pgid).Count);
        await host.Client.WaitForStatusAsync(project, run, "RUN_STATE_IN_PROGRESS");

        var stop = await host.Client.PostNsmlAsync($"/projects/{project}/runs/{run}/stop", new { });
        Assert.Equal(HttpStatusCode.OK, stop.Status);
        var (_, last) = await host.Client.WaitForRunAsync(project, run);
        Assert.Equal("RUN_STATE_STOPPED", last.Field("status"));
        Assert.False(NsmlCalls.IsAlive(pgid));
        Assert.Empty(NsmlCalls.GroupMembers(pgid));
        var node = (await host.Client.GetNsmlAsync($"/projects/{project}/runs/{run}/nodes")).Body.GetProperty("nodes")[0];
        Assert.Equal("STOPPED", node.GetProperty("state").GetString());

        var again = await host.Client.PostNsmlAsync($"/projects/{project}/runs/{run}/stop", new { });
        Assert.Equal(HttpStatusCode.NotAcceptable, again.Status);
    }

    [Fact]
    public async Task A_two_node_run_sees_its_ranks_and_world_size()
    {
        await using var host = OpenClueHost.Start(settings: NsmlCalls.FastSettings());
        var project = await host.Client.CreateProjectAsync("ranks");
        var run = await host.Client.CreateRunAsync(project,
            "echo node RANK=$RANK WORLD_SIZE=$WORLD_SIZE LOCAL_RANK=$LOCAL_RANK MASTER=$MASTER_ADDR:$MASTER_PORT RUN=$NSML_RUN_NAME PROJECT=$NSML_PROJECT_ID",
            nodeCount: 2);
        Assert.Equal("RUN_STATE_COMPLETED", (await host.Client.WaitForRunAsync(project, run)).Last.Field("status"));
        var log = await host.Client.LogsAsync(project, run);
        Assert.Contains($"node RANK=0 WORLD_SIZE=2 LOCAL_RANK=0 MASTER=", log);
        Assert.Contains($"node RANK=1 WORLD_SIZE=2 LOCAL_RANK=0 MASTER=", log);
        Assert.Contains($"RUN={run} PROJECT={project}", log);
        var masters = log.Split('\n').Where(l => l.StartsWith("node ")).Select(l => l.Split(' ')[4]).Distinct().ToList();
        Assert.Single(masters);
        Assert.Matches(@"^MASTER=.+:\d+$", masters[0]);
        var nodes = await host.Client.GetNsmlAsync($"/projects/{project}/runs/{run}/nodes");
        Assert.Equal(2, nodes.Body.GetProperty("totalCount").GetInt32());
        Assert.Equal([0, 1], nodes.Body.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("rank").GetInt32()).ToArray());
        Assert.All(nodes.Body.GetProperty("nodes").EnumerateArray(), n => Assert.Equal(0, n.GetProperty("exitCode").GetInt32()));
    }

    [Fact]
    public async Task A_run_environment_holds_its_envs_and_nothing_of_the_server()
    {
        Environment.SetEnvironmentVariable("OPENCLUE_TEST_SECRET_LEAK", "must-not-leak");
        try
        {
            await using var host = OpenClueHost.Start(settings: NsmlCalls.FastSettings(new Dictionary<string, string?>
            {
                ["OpenClue:MasterKey"] = "bWFzdGVyLWtleS1tdXN0LW5vdC1sZWFrLTMyYnl0ZXM=",
            }));
            var project = await host.Client.CreateProjectAsync("envs");
            var reply = await host.Client.SendJsonAsync(HttpMethod.Post, $"{NsmlCalls.Base}/projects/{project}/runs",
                """{"gpuSvrCode":1,"nodeCount":1,"imageType":"BASE","imagePath":"nvcr.io/nvidia/tensorflow:21.02-tf1-py3","command":"env | sort","env":{"ir":0.01,"weight-decay":0.001,"NAME":"x y","FLAG":true}}""");
            Assert.Equal(HttpStatusCode.Created, reply.Status);
            var run = reply.Field("runName");
            Assert.Equal("RUN_STATE_COMPLETED", (await host.Client.WaitForRunAsync(project, run)).Last.Field("status"));
            var lines = (await host.Client.LogsAsync(project, run)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => l.Contains('=')).ToList();
            var names = lines.Select(l => l[..l.IndexOf('=')]).ToHashSet();
            Assert.Contains("ir=0.01", lines);
            // dash (Debian's /bin/sh) passes on only names that are shell identifiers; Nsml:Shell=/bin/bash keeps the others.
            Assert.DoesNotContain("weight-decay=0.001", lines);
            Assert.Contains("NAME=x y", lines);
            Assert.Contains("FLAG=true", lines);
            Assert.Contains($"HOME={NsmlCalls.Workspace(host, project)}", lines);
            Assert.Contains($"PWD={NsmlCalls.Workspace(host, project)}", lines);
            string[] allowed = ["PATH", "HOME", "PWD", "SHLVL", "_", "OLDPWD", "ir", "weight-decay", "NAME", "FLAG",
                "RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT", "NSML_RUN_NAME", "NSML_PROJECT_ID"];
            Assert.Empty(names.Except(allowed));
            var text = string.Join('\n', lines);
            Assert.DoesNotContain("must-not-leak", text);
            Assert.DoesNotContain(host.SecretKey, text);
            Assert.DoesNotContain("bWFzdGVyLWtleS1", text);
            Assert.DoesNotContain("OpenClue", text);
            var detail = await host.Client.GetNsmlAsync($"/projects/{project}/runs/{run}");
            Assert.Equal("0.01", detail.Body.GetProperty("envs").GetProperty("ir").GetString());
            Assert.Equal("0.001", detail.Body.GetProperty("envs").GetProperty("weight-decay").GetString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("OPENCLUE_TEST_SECRET_LEAK", null);
        }
    }
}
