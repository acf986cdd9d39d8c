using System.Globalization;
using System.Net;
using OpenClue.Server.Tests.Api;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;
using static OpenClue.Server.Tests.Profiles.ProfileData;

namespace OpenClue.Server.Tests.Profiles;

/// <summary>Shopping-intent profiles over signed HTTP (§1.11, D21, D22): fields, the download, validation, tenancy, delete.</summary>
public sealed class ShoppingIntentsTests(PreparedHostFixture fx) : IClassFixture<PreparedHostFixture>
{
    private HttpClient Client => fx.Client;

    [Fact]
    public async Task A_profile_of_a_task_lists_what_its_top_decile_over_indexes_on()
    {
        var name = Unique("intent");
        var created = await Client.PostJsonAsync(IntentPath, IntentBody(name, fx.TaskId));
        Assert.True(created.Status == HttpStatusCode.OK, created.ToString());
        Assert.Equal(["profile_id", "profile_name", "task_id", "task_name", "created_at", "nclue_model_name", "nclue_model_status"],
            created.Body.EnumerateObject().Select(p => p.Name).ToArray());
        var id = created.Field("profile_id");
        Assert.Equal(fx.TaskId, created.Field("task_id"));

        var (_, last) = await Client.WaitForEndAsync($"{IntentPath}/{id}", TimeSpan.FromMinutes(3));
        Assert.True(last.Field("status") == "completed", last.ToString());
        Assert.Equal(
            ["profile_id", "profile_name", "task_id", "task_name", "status", "created_at", "started_at", "completed_at", "line_count",
             "disk_usage", "fail_message", "fail_details", "progress", "progress_detail", "nclue_model_name", "nclue_model_status"],
            last.Body.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(400, last.Body.GetProperty("line_count").GetInt64());
        var stored = Path.Combine(fx.Host.DataDir, "artifacts", "default", "profiles", $"{id}.tsv");
        Assert.Equal(new FileInfo(stored).Length, last.Body.GetProperty("disk_usage").GetInt64());

        var response = await Client.GetAsync($"{DownloadPath}/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/tab-separated-values", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"{id}.tsv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("kind\tname\tshare\tlift", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.All(rows, r => Assert.Equal(4, r.Length));
        Assert.Equal(["behavior", "token"], rows.Select(r => r[0]).Distinct().ToArray());
        foreach (var kind in new[] { "behavior", "token" })
        {
            var lifts = rows.Where(r => r[0] == kind).Select(r => double.Parse(r[3], CultureInfo.InvariantCulture)).ToList();
            Assert.InRange(lifts.Count, 1, 50);
            Assert.Equal(lifts.OrderByDescending(x => x), lifts); // sorted by lift
        }
        // The planted trait of the data (protein products, label 1) is what the task's top decile over-indexes on.
        var topToken = rows.First(r => r[0] == "token");
        Assert.Contains(topToken[1], new[] { "protein", "whey", "1kg", "bar", "box", "powder", "단백질", "쉐이크" });
        Assert.True(double.Parse(topToken[3], CultureInfo.InvariantCulture) > 1.5, string.Join(" ", topToken));
        // No row rests on fewer than 5 target users (the minimum support): 40 target users → share ≥ 5/40.
        Assert.All(rows, r => Assert.True(double.Parse(r[2], CultureInfo.InvariantCulture) >= 5 / 40.0 - 1e-6, string.Join(" ", r)));

        var list = await Client.GetJsonAsync($"{IntentPath}?limit=100");
        Assert.Equal(["index", "limit", "total", "profiles"], list.Body.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Contains(id, list.Body.GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("profile_id").GetString()));

        var deleted = await Client.DeleteJsonAsync($"{IntentPath}/{id}");
        Assert.True(deleted.Status == HttpStatusCode.OK, deleted.ToString());
        Assert.Equal(id, deleted.Field("profile_id"));
        Assert.False(File.Exists(stored), "the stored result goes with the profile");
        AssertError(await Client.GetJsonAsync($"{DownloadPath}/{id}"), "10110");
        AssertError(await Client.GetJsonAsync($"{IntentPath}/{id}"), "10110");
    }

    [Fact]
    public async Task Bad_requests_unknown_and_other_tenant_ids_are_refused()
    {
        AssertError(await Client.PostJsonAsync(IntentPath, new Dictionary<string, object?> { ["name"] = Unique("x") }), "10111");
        AssertError(await Client.PostJsonAsync(IntentPath, new Dictionary<string, object?> { ["name"] = Unique("x"), ["task_id"] = 5 }), "10111");
        AssertError(await Client.PostJsonAsync(IntentPath, IntentBody(new string('n', 101), fx.TaskId)), "10101");
        AssertError(await Client.PostJsonAsync(IntentPath, IntentBody(Unique("x"), Guid.NewGuid().ToString())), "10110");
        AssertError(await Client.PostJsonAsync(IntentPath, IntentBody(Unique("x"), fx.FeatureId)), "10110"); // a feature is not a task
        AssertError(await Client.GetJsonAsync($"{IntentPath}/{Guid.NewGuid()}"), "10110");
        AssertError(await Client.DeleteJsonAsync($"{IntentPath}/{Guid.NewGuid()}"), "10110");
        AssertError(await Client.GetJsonAsync($"{DownloadPath}/{Guid.NewGuid()}"), "10110");
        AssertError(await Client.GetJsonAsync($"{IntentPath}?index=-1"), "10111");

        var (id, _) = await CreateCompletedIntentAsync(Client, fx.TaskId);
        var name = (await Client.GetJsonAsync($"{IntentPath}/{id}")).Field("profile_name");
        AssertError(await Client.PostJsonAsync(IntentPath, IntentBody(name, fx.TaskId)), "10102");

        var (_, other, _) = await NewTenantAsync(fx.Host, PreparedHostFixture.Bucket);
        using var _o = other;
        AssertError(await other.GetJsonAsync($"{IntentPath}/{id}"), "10110");
        AssertError(await other.GetJsonAsync($"{DownloadPath}/{id}"), "10110");
        AssertError(await other.DeleteJsonAsync($"{IntentPath}/{id}"), "10110");
        AssertError(await other.PostJsonAsync(IntentPath, IntentBody(Unique("x"), fx.TaskId)), "10110");
        Assert.Equal(0, (await other.GetJsonAsync(IntentPath)).Body.GetProperty("total").GetInt32());
    }
}
