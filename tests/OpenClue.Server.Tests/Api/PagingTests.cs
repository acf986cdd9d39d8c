using System.Net;
using System.Text.Json;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Api;

/// <summary>List paging (§1.3, D4). Each test uses a tenant of its own so totals are exact.</summary>
public sealed class PagingTests(PreparedHostFixture fx) : IClassFixture<PreparedHostFixture>
{
    private const string B = PreparedHostFixture.Bucket;

    [Fact]
    public async Task Defaults_are_echoed_and_an_empty_tenant_has_empty_lists()
    {
        var (_, client, _) = await NewTenantAsync(fx.Host, B);
        using var _c = client;
        foreach (var (kind, array) in new[] { ("features", "features"), ("tasks", "tasks"), ("task-runs", "runs") })
        {
            var list = await client.GetJsonAsync($"/api/v1/{kind}");
            Assert.True(list.Status == HttpStatusCode.OK, list.ToString());
            Assert.Equal(0, list.Body.GetProperty("index").GetInt32());
            Assert.Equal(20, list.Body.GetProperty("limit").GetInt32());
            Assert.Equal(0, list.Body.GetProperty("total").GetInt32());
            Assert.Equal(JsonValueKind.Array, list.Body.GetProperty(array).ValueKind);
            Assert.Equal(0, list.Body.GetProperty(array).GetArrayLength());
        }
    }

    [Fact]
    public async Task Five_features_page_by_two_newest_first_with_total_counting_everything()
    {
        var (_, client, _) = await NewTenantAsync(fx.Host, B);
        using var _c = client;
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
            created.Add(await CreateFeatureAsync(client, B, PreparedHostFixture.SequencesPath, $"page-{i}")); // same second: order by sequence
        var newestFirst = Enumerable.Reverse(created).ToList();

        var seen = new List<string>();
        for (var index = 0; index < 5; index += 2)
        {
            var page = await client.GetJsonAsync($"/api/v1/features?index={index}&limit=2");
            Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
            Assert.Equal(index, page.Body.GetProperty("index").GetInt32());
            Assert.Equal(2, page.Body.GetProperty("limit").GetInt32());
            Assert.Equal(5, page.Body.GetProperty("total").GetInt32());
            var items = page.Body.GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(Math.Min(2, 5 - index), items.Count);
            foreach (var item in items)
            {
                seen.Add(item.GetProperty("feature_id").GetString()!);
                // List items carry the fields of the single GET.
                foreach (var field in new[] { "feature_name", "status", "created_at", "completed_at", "source_bucket", "source_file_path",
                             "user_count", "token_count", "disk_usage", "fail_message" })
                    Assert.True(item.TryGetProperty(field, out _), $"list item lacks {field}");
            }
        }
        Assert.Equal(newestFirst, seen);

        var all = await client.GetJsonAsync("/api/v1/features?limit=100");
        Assert.Equal(newestFirst, all.Body.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("feature_id").GetString()!).ToList());
        var minimal = await client.GetJsonAsync("/api/v1/features?limit=1");
        Assert.Equal(1, minimal.Body.GetProperty("features").GetArrayLength());
        Assert.Equal(5, minimal.Body.GetProperty("total").GetInt32());

        foreach (var index in new[] { 5, 6, 1000, int.MaxValue })
        {
            var beyond = await client.GetJsonAsync($"/api/v1/features?index={index}&limit=3");
            Assert.True(beyond.Status == HttpStatusCode.OK, beyond.ToString());
            Assert.Equal(index, beyond.Body.GetProperty("index").GetInt32());
            Assert.Equal(5, beyond.Body.GetProperty("total").GetInt32());
            Assert.Equal(0, beyond.Body.GetProperty("features").GetArrayLength());
        }
        foreach (var id in created) await client.WaitForEndAsync($"/api/v1/features/{id}");

        // Deleting one lowers the total (deleted items are not counted).
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteJsonAsync($"/api/v1/features/{created[2]}")).Status);
        var after = await client.GetJsonAsync("/api/v1/features?index=0&limit=100");
        Assert.Equal(4, after.Body.GetProperty("total").GetInt32());
        Assert.DoesNotContain(created[2], after.Body.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("feature_id").GetString()));
    }

    [Fact]
    public async Task Limit_bounds_1_and_100_are_accepted_and_values_outside_are_400()
    {
        var (_, client, _) = await NewTenantAsync(fx.Host, B);
        using var _c = client;
        foreach (var kind in new[] { "features", "tasks", "task-runs" })
        {
            foreach (var ok in new[] { "limit=1", "limit=100", "index=0", "index=0&limit=20", "limit=+5" })
            {
                var reply = await client.GetJsonAsync($"/api/v1/{kind}?{ok}");
                Assert.True(reply.Status == HttpStatusCode.OK, $"{kind}?{ok}: {reply}");
            }
            foreach (var bad in new[] { "limit=0", "limit=101", "limit=-1", "limit=abc", "index=-1", "index=1e3", "limit=0x10" })
                AssertError(await client.GetJsonAsync($"/api/v1/{kind}?{bad}"), "10111");
        }
    }

    [Fact]
    public async Task Task_and_run_lists_are_newest_first_and_per_tenant()
    {
        var (_, client, _) = await NewTenantAsync(fx.Host, B);
        using var _c = client;
        var feature = await CreateCompletedFeatureAsync(client, B, PreparedHostFixture.SequencesPath);
        var task1 = await CreateCompletedTaskAsync(client, feature, B, PreparedHostFixture.LabelsPath);
        var task2 = await CreateCompletedTaskAsync(client, feature, B, PreparedHostFixture.LabelsPath);
        var tasks = await client.GetJsonAsync("/api/v1/tasks?limit=1");
        Assert.Equal(2, tasks.Body.GetProperty("total").GetInt32());
        Assert.Equal(task2, tasks.Body.GetProperty("tasks")[0].GetProperty("task_id").GetString());
        var second = await client.GetJsonAsync("/api/v1/tasks?index=1&limit=1");
        Assert.Equal(task1, second.Body.GetProperty("tasks")[0].GetProperty("task_id").GetString());

        var (run1, _) = await CreateCompletedRunAsync(client, task1, feature, B, $"{Unique("pg")}/");
        var (run2, _) = await CreateCompletedRunAsync(client, task2, feature, B, $"{Unique("pg")}/");
        var runs = await client.GetJsonAsync("/api/v1/task-runs");
        Assert.Equal(2, runs.Body.GetProperty("total").GetInt32());
        Assert.Equal([run2, run1], runs.Body.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()!).ToList());
    }
}
