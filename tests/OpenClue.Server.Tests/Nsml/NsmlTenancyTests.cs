using System.Net;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Nsml;

/// <summary>One tenant never sees or touches another's projects, runs, keys or repositories (404, never 403).</summary>
public sealed class NsmlTenancyTests
{
    [Fact]
    public async Task Every_endpoint_keeps_tenants_apart()
    {
        await using var host = OpenClueHost.Start(settings: NsmlCalls.FastSettings());
        var other = await host.CreateTenantKeyAsync("other");
        using var stranger = host.CreateClient(other.AccessKey, other.SecretKey);
        var owner = host.Client;

        var project = await owner.CreateProjectAsync("mine");
        var run = await owner.CreateRunAsync(project, "echo owner-secret-output");
        await owner.WaitForRunAsync(project, run);
        var key = (await owner.PostNsmlAsync("/auth-keys", new { title = "mykey", key = NsmlValidationTests.Ed25519 })).Field("name");
        Assert.Equal(HttpStatusCode.Created, (await owner.PostNsmlAsync("/images/secret", new { privateEp = "a.kr.private-ncr.ntruss.com", accessKey = "a", secretKey = "s" })).Status);

        // Lists are empty for the stranger.
        Assert.Equal(0, (await stranger.GetNsmlAsync("/projects")).Body.GetProperty("totalCount").GetInt32());
        Assert.Equal(0, (await stranger.GetNsmlAsync("/projects/runs")).Body.GetProperty("totalCount").GetInt32());
        Assert.Equal(0, (await stranger.GetNsmlAsync($"/projects/runs?projectId={project}")).Body.GetProperty("totalCount").GetInt32());
        Assert.Equal(0, (await stranger.GetNsmlAsync("/auth-keys")).Body.GetProperty("totalCount").GetInt32());
        Assert.Equal(0, (await stranger.GetNsmlAsync("/images/secret")).Body.GetProperty("totalSize").GetInt32());

        // Every addressed resource is 404 for the stranger.
        async Task NotFound(HttpMethod method, string path, string body = "{}")
        {
            var reply = await stranger.SendJsonAsync(method, NsmlCalls.Base + path, body);
            Assert.True(reply.Status == HttpStatusCode.NotFound, $"{method} {path}: {reply}");
            Assert.Equal("20110", reply.ErrorCode);
        }
        await NotFound(HttpMethod.Get, $"/projects/{project}");
        await NotFound(HttpMethod.Get, $"/projects/{project}/nas");
        await NotFound(HttpMethod.Patch, $"/projects/{project}/nas", """{"nasVolumeSize":600}""");
        await NotFound(HttpMethod.Post, $"/projects/{project}/runs",
            """{"gpuSvrCode":1,"nodeCount":1,"imageType":"BASE","imagePath":"nvcr.io/nvidia/mxnet:21.02-py3","command":"true"}""");
        await NotFound(HttpMethod.Get, $"/projects/{project}/runs/{run}");
        await NotFound(HttpMethod.Get, $"/projects/{project}/runs/{run}/nodes");
        await NotFound(HttpMethod.Get, $"/projects/{project}/runs/{run}/logs");
        await NotFound(HttpMethod.Post, $"/projects/{project}/runs/{run}/stop");
        await NotFound(HttpMethod.Delete, $"/projects/{project}/runs/{run}");
        await NotFound(HttpMethod.Delete, $"/projects/{project}");
        await NotFound(HttpMethod.Delete, $"/auth-keys/title/mykey/name/{key}");
        await NotFound(HttpMethod.Delete, "/images/secret?privateEp=a.kr.private-ncr.ntruss.com");

        // The stranger may use the same names, in its own space.
        var theirs = await stranger.CreateProjectAsync("mine");
        Assert.NotEqual(project, theirs);
        Assert.Equal(HttpStatusCode.Created, (await stranger.PostNsmlAsync("/auth-keys", new { title = "mykey", key = NsmlValidationTests.Ed25519 })).Status);

        // And the owner still has everything.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetNsmlAsync($"/projects/{project}/runs/{run}")).Status);
        Assert.Contains("owner-secret-output", await owner.LogsAsync(project, run));
        Assert.Equal(1, (await owner.GetNsmlAsync("/projects")).Body.GetProperty("totalCount").GetInt32());
        Assert.Equal(1, (await owner.GetNsmlAsync("/auth-keys")).Body.GetProperty("totalCount").GetInt32());
    }
}
