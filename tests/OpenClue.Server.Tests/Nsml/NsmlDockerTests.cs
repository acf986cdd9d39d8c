using System.Net;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Nsml;

/// <summary>The run flow on the docker executor against a real dockerd: one container per node, workspace mounted.</summary>
[Collection(DockerCollection.Name)]
public sealed class NsmlDockerTests(DockerDaemon docker)
{
    private OpenClueHost? StartHost(out string? skip)
    {
        skip = docker.SkipReason;
        if (skip is not null) return null;
        return OpenClueHost.Start(settings: NsmlCalls.FastSettings(new Dictionary<string, string?>
        {
            ["OpenClue:Nsml:Executor"] = "docker",
            ["OpenClue:Nsml:Docker:Endpoint"] = docker.Endpoint,
            ["OpenClue:Nsml:Docker:Network"] = "none",
            ["OpenClue:Nsml:Docker:Images:0:ImagePath"] = "nvcr.io/nvidia/pytorch:21.02-py3",
            ["OpenClue:Nsml:Docker:Images:0:LocalImage"] = DockerDaemon.Image,
        }));
    }

    [Fact]
    public async Task Runs_execute_in_containers_with_the_workspace_mounted_and_stop_removes_them()
    {
        await using var host = StartHost(out var skip);
        if (host is null)
        {
            Console.WriteLine($"Docker test skipped: {skip}. (With CI=true this fails instead.)");
            return;
        }
        var client = host.Client;
        var project = await client.CreateProjectAsync("docker");
        var run = await client.CreateRunAsync(project, "echo hello from rank $RANK in $PWD; echo to stderr >&2; echo 42 > result.txt");
        var (seen, last) = await client.WaitForRunAsync(project, run);
        Assert.True(last.Field("status") == "RUN_STATE_COMPLETED", last.ToString());
        var log = await client.LogsAsync(project, run);
        Assert.Contains("hello from rank 0 in /workspace\n", log);
        Assert.Contains("to stderr\n", log);
        Assert.Equal("42", (await File.ReadAllTextAsync(Path.Combine(NsmlCalls.Workspace(host, project), "result.txt"))).Trim());
        var node = (await client.GetNsmlAsync($"/projects/{project}/runs/{run}/nodes")).Body.GetProperty("nodes")[0];
        Assert.Equal(0, node.GetProperty("exitCode").GetInt32());

        var second = await client.CreateRunAsync(project, "echo read $(cat result.txt); ls /; env | sort");
        Assert.Equal("RUN_STATE_COMPLETED", (await client.WaitForRunAsync(project, second)).Last.Field("status"));
        var secondLog = await client.LogsAsync(project, second);
        Assert.Contains("read 42\n", secondLog);
        Assert.Contains("HOME=/workspace\n", secondLog);
        Assert.DoesNotContain("OpenClue", secondLog);

        var failing = await client.CreateRunAsync(project, "exit 7");
        var failed = (await client.WaitForRunAsync(project, failing)).Last;
        Assert.Equal("RUN_STATE_FAILED", failed.Field("status"));
        Assert.Equal(7, (await client.GetNsmlAsync($"/projects/{project}/runs/{failing}/nodes")).Body.GetProperty("nodes")[0].GetProperty("exitCode").GetInt32());

        var ranks = await client.CreateRunAsync(project, "echo node RANK=$RANK WORLD_SIZE=$WORLD_SIZE", nodeCount: 2);
        Assert.Equal("RUN_STATE_COMPLETED", (await client.WaitForRunAsync(project, ranks)).Last.Field("status"));
        var ranksLog = await client.LogsAsync(project, ranks);
        Assert.Contains("node RANK=0 WORLD_SIZE=2", ranksLog);
        Assert.Contains("node RANK=1 WORLD_SIZE=2", ranksLog);

        var sleeper = await client.CreateRunAsync(project, "trap '' TERM; sleep 300");
        await client.WaitForStatusAsync(project, sleeper, "RUN_STATE_IN_PROGRESS");
        Assert.Single(await docker.ContainersAsync($"openclue.nsml.project={project}"));
        Assert.Equal(HttpStatusCode.OK, (await client.PostNsmlAsync($"/projects/{project}/runs/{sleeper}/stop", new { })).Status);
        Assert.Equal("RUN_STATE_STOPPED", (await client.WaitForRunAsync(project, sleeper)).Last.Field("status"));
        Assert.Empty(await docker.ContainersAsync($"openclue.nsml.project={project}"));
    }

    [Fact]
    public async Task An_image_path_without_a_local_image_fails_the_run_with_a_clear_message()
    {
        await using var host = StartHost(out var skip);
        if (host is null)
        {
            Console.WriteLine($"Docker test skipped: {skip}. (With CI=true this fails instead.)");
            return;
        }
        var project = await host.Client.CreateProjectAsync("noimage");
        var reply = await host.Client.PostNsmlAsync($"/projects/{project}/runs",
            new { gpuSvrCode = 1, nodeCount = 1, imageType = "BASE", imagePath = "nvcr.io/nvidia/mxnet:21.02-py3", command = "true" });
        var last = (await host.Client.WaitForRunAsync(project, reply.Field("runName"))).Last;
        Assert.Equal("RUN_STATE_FAILED", last.Field("status"));
        Assert.Contains("is not on this worker's Docker daemon", last.Field("statusMessage"));
    }
}
