using System.Net;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Api;

/// <summary>Tenancy (D7): another tenant's resources do not exist for you, and buckets need a grant.</summary>
public sealed class TenantIsolationTests(PreparedHostFixture fx) : IClassFixture<PreparedHostFixture>
{
    private const string B = PreparedHostFixture.Bucket;

    [Fact]
    public async Task Another_tenant_cannot_see_list_use_or_delete_the_default_tenants_resources()
    {
        var (tenant, acme, _) = await NewTenantAsync(fx.Host);
        using var _c = acme;
        var (runId, _) = await CreateCompletedRunAsync(fx.Client, fx.TaskId, fx.FeatureId, B, $"{Unique("iso")}/");

        AssertError(await acme.GetJsonAsync($"/api/v1/features/{fx.FeatureId}"), "10110");
        AssertError(await acme.GetJsonAsync($"/api/v1/tasks/{fx.TaskId}"), "10110");
        AssertError(await acme.GetJsonAsync($"/api/v1/task-runs/{runId}"), "10110");
        AssertError(await acme.DeleteJsonAsync($"/api/v1/features/{fx.FeatureId}"), "10110");
        AssertError(await acme.DeleteJsonAsync($"/api/v1/tasks/{fx.TaskId}"), "10110");
        AssertError(await acme.DeleteJsonAsync($"/api/v1/task-runs/{runId}"), "10110");

        foreach (var (kind, array) in new[] { ("features", "features"), ("tasks", "tasks"), ("task-runs", "runs") })
        {
            var list = await acme.GetJsonAsync($"/api/v1/{kind}");
            Assert.True(list.Status == HttpStatusCode.OK, list.ToString());
            Assert.Equal(0, list.Body.GetProperty("total").GetInt32());
            Assert.Equal(0, list.Body.GetProperty(array).GetArrayLength());
        }

        // Nor can it use them as inputs, even with the bucket granted.
        await fx.Host.WithKeysAsync(k => k.GrantAsync(tenant, B));
        AssertError(await acme.PostJsonAsync("/api/v1/tasks", TaskBody(Unique("t"), fx.FeatureId, B, PreparedHostFixture.LabelsPath)), "10110");
        AssertError(await acme.PostJsonAsync("/api/v1/task-runs", RunBody(Unique("r"), fx.TaskId, fx.FeatureId, B, "out/")), "10110");

        // Everything is still there for its owner.
        Assert.Equal(HttpStatusCode.OK, (await fx.Client.GetJsonAsync($"/api/v1/features/{fx.FeatureId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await fx.Client.GetJsonAsync($"/api/v1/tasks/{fx.TaskId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await fx.Client.GetJsonAsync($"/api/v1/task-runs/{runId}")).Status);
    }

    [Fact]
    public async Task A_bucket_is_usable_only_while_granted()
    {
        var tenant = Unique("acme");
        var key = await fx.Host.CreateTenantKeyAsync(tenant);
        using var acme = fx.Host.CreateClient(key.AccessKey, key.SecretKey);
        var bucket = Unique("grant").ToLowerInvariant();
        fx.Data.WriteSequences(Path.Combine(fx.Host.Bucket(bucket), "seq.tsv"));
        fx.Data.WriteLabels(Path.Combine(fx.Host.Bucket(bucket), "labels.tsv"), 0, 400);

        var refused = await acme.PostJsonAsync("/api/v1/features", FeatureBody(Unique("f"), bucket, "seq.tsv"));
        AssertError(refused, "10106");
        var missing = await acme.PostJsonAsync("/api/v1/features", FeatureBody(Unique("f"), "no-such-bucket-x", "seq.tsv"));
        AssertError(missing, "10106");
        // Not granted reads exactly like "does not exist" (apart from the bucket name).
        Assert.Equal(Details(missing).Replace("no-such-bucket-x", "B"), Details(refused).Replace(bucket, "B"));

        await fx.Host.WithKeysAsync(k => k.GrantAsync(tenant, bucket));
        var feature = await CreateCompletedFeatureAsync(acme, bucket, "seq.tsv");
        var task = await CreateCompletedTaskAsync(acme, feature, bucket, "labels.tsv");
        var (run, _) = await CreateCompletedRunAsync(acme, task, feature, bucket, "out/");
        Assert.Equal(0, (await fx.Client.GetJsonAsync("/api/v1/features?limit=100")).Body.GetProperty("features")
            .EnumerateArray().Count(f => f.GetProperty("feature_id").GetString() == feature));
        AssertError(await fx.Client.GetJsonAsync($"/api/v1/features/{feature}"), "10110");
        AssertError(await fx.Client.GetJsonAsync($"/api/v1/task-runs/{run}"), "10110");

        await fx.Host.WithKeysAsync(k => k.RevokeGrantAsync(tenant, bucket));
        AssertError(await acme.PostJsonAsync("/api/v1/features", FeatureBody(Unique("f"), bucket, "seq.tsv")), "10106");
        AssertError(await acme.PostJsonAsync("/api/v1/tasks", TaskBody(Unique("t"), feature, bucket, "labels.tsv")), "10107");
        AssertError(await acme.PostJsonAsync("/api/v1/task-runs", RunBody(Unique("r"), task, feature, bucket, "out/")), "10106");
        // Its own resources remain readable.
        Assert.Equal(HttpStatusCode.OK, (await acme.GetJsonAsync($"/api/v1/features/{feature}")).Status);
    }

    [Fact]
    public async Task Names_are_unique_per_tenant_not_globally()
    {
        var (tenant, acme, _) = await NewTenantAsync(fx.Host, B);
        using var _c = acme;
        var name = Unique("same");
        var mine = await fx.Client.PostJsonAsync("/api/v1/features", FeatureBody(name, B, PreparedHostFixture.SequencesPath));
        Assert.True(mine.Status == HttpStatusCode.OK, mine.ToString());
        var theirs = await acme.PostJsonAsync("/api/v1/features", FeatureBody(name, B, PreparedHostFixture.SequencesPath));
        Assert.True(theirs.Status == HttpStatusCode.OK, $"{tenant}: {theirs}");
        await fx.Client.WaitForEndAsync($"/api/v1/features/{mine.Field("feature_id")}");
        await acme.WaitForEndAsync($"/api/v1/features/{theirs.Field("feature_id")}");
    }

    private static string Details(ApiCalls.Reply reply) => reply.Body.GetProperty("error").GetProperty("details").GetString()!;
}
