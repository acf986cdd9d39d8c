using System.Net;
using System.Text;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Nsml;

/// <summary>Deleting runs and projects (406 while anything runs), notebook runs, and the per-node log cap.</summary>
public sealed class NsmlLifecycleTests
{
    [Fact]
    public async Task Runs_and_projects_are_deleted_only_when_nothing_runs_and_the_workspace_goes_with_them()
    {
        await using var host = OpenClueHost.Start(settings: NsmlCalls.FastSettings());
        var client = host.Client;
        var project = await client.CreateProjectAsync("deletes");
        var workspace = NsmlCalls.Workspace(host, project);
        var running = await client.CreateRunAsync(project, "echo $$ > pid.txt; exec sleep 300");
        await NsmlCalls.WaitForFileAsync(Path.Combine(workspace, "pid.txt"));

        var deleteRun = await client.DeleteNsmlAsync($"/projects/{project}/runs/{running}");
        Assert.Equal(HttpStatusCode.NotAcceptable, deleteRun.Status);
        Assert.Equal("20113", deleteRun.ErrorCode);
        var deleteProject = await client.DeleteNsmlAsync($"/projects/{project}");
        Assert.Equal(HttpStatusCode.NotAcceptable, deleteProject.Status);
        Assert.True(Directory.Exists(workspace));
        Assert.Equal(HttpStatusCode.OK, (await client.GetNsmlAsync($"/projects/{project}")).Status);

        Assert.Equal(HttpStatusCode.OK, (await client.PostNsmlAsync($"/projects/{project}/runs/{running}/stop", new { })).Status);
        Assert.Equal("RUN_STATE_STOPPED", (await client.WaitForRunAsync(project, running)).Last.Field("status"));
        var done = await client.CreateRunAsync(project, "true");
        await client.WaitForRunAsync(project, done);

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteNsmlAsync($"/projects/{project}/runs/{done}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetNsmlAsync($"/projects/{project}/runs/{done}")).Status);
        Assert.Equal(1, (await client.GetNsmlAsync($"/projects/{project}")).Body.GetProperty("runCount").GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteNsmlAsync($"/projects/{project}")).Status);
        Assert.False(Directory.Exists(workspace));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetNsmlAsync($"/projects/{project}")).Status);
        Assert.Equal(0, (await client.GetNsmlAsync("/projects/runs")).Body.GetProperty("totalCount").GetInt32());
        // The name is free again.
        await client.CreateProjectAsync("deletes");
    }

    [Fact]
    public async Task A_notebook_run_without_a_notebook_command_fails_with_a_clear_message()
    {
        await using var host = OpenClueHost.Start(settings: NsmlCalls.FastSettings());
        var project = await host.Client.CreateProjectAsync("notebooks");
        var reply = await host.Client.PostNsmlAsync($"/projects/{project}/runs",
            new { gpuSvrCode = 2, nodeCount = 1, imageType = "BASE", imagePath = "nvcr.io/nvidia/pytorch:21.02-py3" });
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        var (_, last) = await host.Client.WaitForRunAsync(project, reply.Field("runName"));
        Assert.Equal("RUN_STATE_FAILED", last.Field("status"));
        Assert.Equal("NOTEBOOK", last.Field("runType"));
        Assert.Contains("OpenClue:Nsml:NotebookCommand", last.Field("statusMessage"));
        Assert.Contains("No notebook command is configured", await host.Client.LogsAsync(project, reply.Field("runName")));
    }

    [Fact]
    public async Task A_notebook_run_runs_the_configured_command_until_stopped()
    {
        await using var host = OpenClueHost.Start(settings: NsmlCalls.FastSettings(new Dictionary<string, string?>
        {
            ["OpenClue:Nsml:NotebookCommand"] = "echo notebook up on rank $RANK; exec sleep 300",
        }));
        var project = await host.Client.CreateProjectAsync("notebooks");
        var reply = await host.Client.PostNsmlAsync($"/projects/{project}/runs",
            new { gpuSvrCode = 2, nodeCount = 1, imageType = "BASE", imagePath = "nvcr.io/nvidia/pytorch:21.02-py3" });
        var run = reply.Field("runName");
        await host.Client.WaitForStatusAsync(project, run, "RUN_STATE_IN_PROGRESS");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await host.Client.LogsAsync(project, run)).Contains("notebook up on rank 0") && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Contains("notebook up on rank 0", await host.Client.LogsAsync(project, run));
        var list = await host.Client.GetNsmlAsync("/projects/runs?runType=NOTEBOOK&status=RUN_STATE_IN_PROGRESS");
        Assert.Equal(1, list.Body.GetProperty("totalCount").GetInt32());
        await host.Client.PostNsmlAsync($"/projects/{project}/runs/{run}/stop", new { });
        Assert.Equal("RUN_STATE_STOPPED", (await host.Client.WaitForRunAsync(project, run)).Last.Field("status"));
    }

    [Fact]
    public async Task Logs_are_readable_while_a_run_runs_and_capped_per_node_with_a_truncation_line()
    {
        await using var host = OpenClueHost.Start(settings: NsmlCalls.FastSettings(new Dictionary<string, string?>
        {
            ["OpenClue:Nsml:LogBytesPerNode"] = "4096",
        }));
        var project = await host.Client.CreateProjectAsync("logs");
        var live = await host.Client.CreateRunAsync(project, "echo first; while [ ! -f go ]; do sleep 0.05; done; echo second");
        var workspace = NsmlCalls.Workspace(host, project);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string log;
        while ((log = await host.Client.LogsAsync(project, live)) != "first\n" && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Equal("first\n", log);
        var response = await host.Client.GetAsync($"{NsmlCalls.Base}/projects/{project}/runs/{live}/logs?offset=6");
        Assert.Equal("6", response.Headers.GetValues("X-Next-Offset").Single());
        Assert.Equal("RUN_STATE_IN_PROGRESS", response.Headers.GetValues("X-Run-Status").Single());
        await File.WriteAllTextAsync(Path.Combine(workspace, "go"), "");
        await host.Client.WaitForRunAsync(project, live);
        Assert.Equal("second\n", await host.Client.LogsAsync(project, live, offset: 6));

        var noisy = await host.Client.CreateRunAsync(project, "i=0; while [ $i -lt 2000 ]; do echo line-$i-xxxxxxxxxxxxxxxxxxxx; i=$((i+1)); done; echo still running", nodeCount: 2);
        Assert.Equal("RUN_STATE_COMPLETED", (await host.Client.WaitForRunAsync(project, noisy)).Last.Field("status"));
        var capped = await host.Client.LogsAsync(project, noisy);
        Assert.Contains("line-0-", capped);
        Assert.DoesNotContain("line-1999-", capped);
        Assert.DoesNotContain("still running", capped);
        Assert.Contains("The output of node 0 is truncated here", capped);
        Assert.Contains("The output of node 1 is truncated here", capped);
        Assert.InRange(Encoding.UTF8.GetByteCount(capped), 2 * 4096, 2 * 4096 + 600);
    }
}
