using System.Net;
using OpenClue.Server.Tests.Api;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Security;

/// <summary>
/// Deleting a feature while a task is created on it is exclusive (one of the two wins, never both), and a revoked
/// bootstrap key stays revoked across a restart with the same configured key until the operator reactivates it.
/// </summary>
public sealed class RaceAndRevocationTests
{
    [Fact]
    public async Task Deleting_a_feature_and_creating_a_task_on_it_at_once_never_both_succeed()
    {
        await using var host = OpenClueHost.Start();
        var data = BehaviorData.Generate(400, seed: 8);
        data.WriteSequences(Path.Combine(host.Bucket("race"), "seq.tsv"));
        data.WriteLabels(Path.Combine(host.Bucket("race"), "labels.tsv"), 0, 400);
        var features = new List<string>();
        for (var i = 0; i < 12; i++) features.Add(await CreateFeatureAsync(host.Client, "race", "seq.tsv"));
        foreach (var id in features) Assert.Equal("completed", (await host.Client.WaitForEndAsync($"/api/v1/features/{id}")).Last.Field("status"));

        var bothWon = 0;
        var outcomes = await Task.WhenAll(features.Select(async id =>
        {
            var delete = host.Client.DeleteJsonAsync($"/api/v1/features/{id}");
            var create = host.Client.PostJsonAsync("/api/v1/tasks", TaskBody(Unique("t"), id, "race", "labels.tsv"));
            return (Id: id, Delete: await delete, Create: await create);
        }));
        foreach (var (id, delete, create) in outcomes)
        {
            if (delete.Status == HttpStatusCode.OK && create.Status == HttpStatusCode.OK) bothWon++;
            if (delete.Status != HttpStatusCode.OK) AssertError(delete, "10112");
            if (create.Status != HttpStatusCode.OK)
            {
                Assert.True(create.ErrorCode is "10110" or "10113", create.ToString());
                continue;
            }
            // The task won: its feature is still there and the task completes on it.
            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetJsonAsync($"/api/v1/features/{id}")).Status);
            var (_, end) = await host.Client.WaitForEndAsync($"/api/v1/tasks/{create.Field("task_id")}");
            Assert.Equal("completed", end.Field("status"));
        }
        Assert.Equal(0, bothWon);
    }

    [Fact]
    public async Task A_revoked_bootstrap_key_stays_revoked_after_a_restart_until_reactivated()
    {
        var dataDir = Directory.CreateTempSubdirectory("openclue-revoke-").FullName;
        try
        {
            await using (var first = OpenClueHost.Start(dataDir))
            {
                Assert.Equal(HttpStatusCode.OK, (await first.Client.GetJsonAsync("/api/v1/features")).Status);
                await first.WithKeysAsync(k => k.RevokeKeyAsync(first.AccessKey));
            }
            await using (var second = OpenClueHost.Start(dataDir))
            {
                AssertError(await second.Client.GetJsonAsync("/api/v1/features"), "10100");
                await second.WithKeysAsync(k => k.ReactivateKeyAsync(second.AccessKey));
            }
            await using var third = OpenClueHost.Start(dataDir);
            Assert.Equal(HttpStatusCode.OK, (await third.Client.GetJsonAsync("/api/v1/features")).Status);
        }
        finally { OpenClueHost.TryDeleteDirectory(dataDir); }
    }
}
