using System.Net;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Nsml;

/// <summary>N5 paging and the N4 list filters on <c>GET /projects/runs</c>.</summary>
public sealed class NsmlPagingTests
{
    [Fact]
    public async Task Twenty_five_runs_across_three_projects_page_newest_first_with_filters_before_paging()
    {
        await using var host = OpenClueHost.Start(settings: NsmlCalls.FastSettings());
        var client = host.Client;
        string[] projects = [await client.CreateProjectAsync("pa"), await client.CreateProjectAsync("pb"), await client.CreateProjectAsync("pc")];
        var created = new List<(string Project, string Run)>();
        for (var i = 0; i < 25; i++)
        {
            var project = projects[i % 3];
            created.Add((project, await client.CreateRunAsync(project, i % 5 == 0 ? "exit 1" : "true")));
        }
        foreach (var (project, run) in created) await client.WaitForRunAsync(project, run);
        created.Reverse(); // newest first

        var first = await client.GetNsmlAsync("/projects/runs");
        Assert.Equal(25, first.Body.GetProperty("totalCount").GetInt32());
        Assert.Equal(10, first.Body.GetProperty("runList").GetArrayLength());
        var seen = new List<(string, string)>();
        foreach (var query in new[] { "page=1&pageSize=10", "page=2&pagesize=10", "page=3&PAGESIZE=10" })
        {
            var page = await client.GetNsmlAsync("/projects/runs?" + query);
            Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
            Assert.Equal(25, page.Body.GetProperty("totalCount").GetInt32());
            seen.AddRange(page.Body.GetProperty("runList").EnumerateArray()
                .Select(r => (r.GetProperty("projectId").GetString()!, r.GetProperty("runName").GetString()!)));
        }
        Assert.Equal(created, seen);
        Assert.Equal(0, (await client.GetNsmlAsync("/projects/runs?page=4&pageSize=10")).Body.GetProperty("runList").GetArrayLength());
        Assert.Equal(25, (await client.GetNsmlAsync("/projects/runs?pageSize=100")).Body.GetProperty("runList").GetArrayLength());

        foreach (var bad in new[] { "page=0", "page=-1", "pageSize=0", "pageSize=101", "pagesize=abc", "page=1.5", "pageSize=10&pagesize=20" })
        {
            var reply = await client.GetNsmlAsync("/projects/runs?" + bad);
            Assert.True(reply.Status == HttpStatusCode.BadRequest, bad + ": " + reply);
            Assert.Equal("20111", reply.ErrorCode);
        }

        // Filters apply before paging: totals count the matching runs only.
        var inB = await client.GetNsmlAsync($"/projects/runs?projectId={projects[1]}&pageSize=3");
        Assert.Equal(8, inB.Body.GetProperty("totalCount").GetInt32());
        Assert.Equal(3, inB.Body.GetProperty("runList").GetArrayLength());
        Assert.All(inB.Body.GetProperty("runList").EnumerateArray(), r => Assert.Equal(projects[1], r.GetProperty("projectId").GetString()));
        var failed = await client.GetNsmlAsync("/projects/runs?status=RUN_STATE_FAILED&pageSize=2&page=3");
        Assert.Equal(5, failed.Body.GetProperty("totalCount").GetInt32());
        Assert.Equal(1, failed.Body.GetProperty("runList").GetArrayLength());
        var either = await client.GetNsmlAsync("/projects/runs?status=RUN_STATE_FAILED,RUN_STATE_COMPLETED");
        Assert.Equal(25, either.Body.GetProperty("totalCount").GetInt32());
        Assert.Equal(25, (await client.GetNsmlAsync("/projects/runs?runType=TRAINING")).Body.GetProperty("totalCount").GetInt32());
        Assert.Equal(0, (await client.GetNsmlAsync("/projects/runs?runType=NOTEBOOK")).Body.GetProperty("totalCount").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetNsmlAsync("/projects/runs?status=RUNNING")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetNsmlAsync("/projects/runs?runType=JOB")).Status);

        var projectList = await client.GetNsmlAsync("/projects?page=1&pageSize=2");
        Assert.Equal(3, projectList.Body.GetProperty("totalCount").GetInt32());
        var items = projectList.Body.GetProperty("projects").EnumerateArray().ToList();
        Assert.Equal(["pc", "pb"], items.Select(p => p.GetProperty("projectName").GetString()!).ToArray());
        Assert.Equal(8, items[0].GetProperty("runCount").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetNsmlAsync("/projects?page=0&pagesize=1")).Status);

        var nodes = await client.GetNsmlAsync($"/projects/{created[0].Project}/runs/{created[0].Run}/nodes?page=2&pageSize=1");
        Assert.Equal(1, nodes.Body.GetProperty("totalCount").GetInt32());
        Assert.Equal(0, nodes.Body.GetProperty("nodes").GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetNsmlAsync($"/projects/{created[0].Project}/runs/{created[0].Run}/nodes?pageSize=500")).Status);
    }
}
