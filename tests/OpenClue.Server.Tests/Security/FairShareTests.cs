using System.Net;
using OpenClue.Server.Tests.Api;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Security;

/// <summary>
/// Noisy neighbours: with two workers and the default <c>Jobs:PerTenant</c>, one tenant's two stalled jobs (reading
/// pipes nobody writes) hold one worker, and another tenant's job completes meanwhile.
/// </summary>
public sealed class FairShareTests
{
    [Fact]
    public async Task One_tenants_stalled_jobs_leave_a_worker_for_another_tenant()
    {
        await using var host = OpenClueHost.Start(settings: new Dictionary<string, string?> { ["OpenClue:Limits:AllowFifos"] = "true" });
        var (_, noisy, _) = await NewTenantAsync(host, "noisy");
        var (_, quiet, _) = await NewTenantAsync(host, "quiet");
        using var _n = noisy;
        using var _q = quiet;
        await using var first = BlockingSource.Create(Path.Combine(host.Bucket("noisy"), "a.tsv"));
        await using var second = BlockingSource.Create(Path.Combine(host.Bucket("noisy"), "b.tsv"));
        var stalled = new[] { await CreateFeatureAsync(noisy, "noisy", "a.tsv"), await CreateFeatureAsync(noisy, "noisy", "b.tsv") };
        await WaitForStatusAsync(noisy, $"/api/v1/features/{stalled[0]}", "in_progress");

        BehaviorData.Generate(100, seed: 3).WriteSequences(Path.Combine(host.Bucket("quiet"), "seq.tsv"));
        var id = await CreateFeatureAsync(quiet, "quiet", "seq.tsv");
        var (_, end) = await quiet.WaitForEndAsync($"/api/v1/features/{id}", TimeSpan.FromSeconds(60));
        Assert.Equal("completed", end.Field("status"));
        Assert.Equal("registered", (await noisy.GetJsonAsync($"/api/v1/features/{stalled[1]}")).Field("status"));

        await first.ReleaseAsync();
        await second.ReleaseAsync();
        foreach (var feature in stalled)
            Assert.Equal("completed", (await noisy.WaitForEndAsync($"/api/v1/features/{feature}")).Last.Field("status"));
        Assert.Equal(HttpStatusCode.OK, (await quiet.GetJsonAsync("/api/v1/features")).Status);
    }
}
