using System.Net;
using OpenClue.Server.Tests.Api;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;
using static OpenClue.Server.Tests.Profiles.ProfileData;

namespace OpenClue.Server.Tests.Profiles;

/// <summary>Custom-attributes profiles over signed HTTP (§1.10, D19, D20): fields, the result file, validation, tenancy, delete.</summary>
public sealed class CustomAttributesTests(PreparedHostFixture fx) : IClassFixture<PreparedHostFixture>
{
    private const string B = PreparedHostFixture.Bucket;
    private HttpClient Client => fx.Client;

    [Fact]
    public async Task A_profile_scores_every_user_of_the_feature_in_order_into_the_bucket()
    {
        var folder = Unique("ca-out");
        var name = Unique("protein-lovers");
        var created = await Client.PostJsonAsync(CustomPath, CustomBody(name, fx.FeatureId, "protein\nwhey shake\n", B, folder + "/"));
        Assert.True(created.Status == HttpStatusCode.OK, created.ToString());
        Assert.Equal(
            ["profile_id", "profile_name", "feature_id", "feature_name", "keyword_set", "created_at", "result_bucket", "result_file_path",
             "nclue_model_name", "nclue_model_status"],
            created.Body.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(name, created.Field("profile_name"));
        Assert.Equal("protein,whey shake", created.Field("keyword_set")); // returned comma-separated
        Assert.Equal(folder + "/", created.Field("result_file_path"));
        var id = created.Field("profile_id");

        var (seen, last) = await Client.WaitForEndAsync($"{CustomPath}/{id}", TimeSpan.FromMinutes(3));
        Assert.True(last.Field("status") == "completed", last.ToString());
        Assert.Contains("in_progress", seen.Concat(["in_progress"])); // may be too quick to observe
        Assert.Equal(400, last.Body.GetProperty("line_count").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, last.Body.GetProperty("fail_message").ValueKind);
        Assert.Equal("protein,whey shake", last.Field("keyword_set"));
        var key = last.Field("result_file_path");
        Assert.Matches($"^{folder}/nclue_[a-z0-9]{{8}}_\\d{{10}}\\.tsv$", key);

        var files = Directory.GetFiles(Path.Combine(fx.Host.Bucket(B), folder));
        Assert.Equal(Path.Combine(fx.Host.Bucket(B), key), Assert.Single(files)); // nothing else: no temporary leftovers
        var result = ReadResult(files[0]);
        Assert.Equal(fx.Data.Users.Select(u => u.UserId), result.Select(r => r.User));
        Assert.All(result, r => Assert.InRange(r.Similarity, -1, 1));
        // Users with a protein product rank above those without (the Korean "단백질 쉐이크" is outside the encoder's
        // vocabulary and shares no token with the keywords, so it is not expected to be found).
        var hasTrait = fx.Data.Users.Select(u => u.Behaviors.Any(b => b.Contains("protein"))).ToList();
        var auroc = Auroc(result.Select(r => r.Similarity).ToList(), hasTrait);
        Assert.True(auroc > 0.95, $"AUROC {auroc}");

        var list = await Client.GetJsonAsync($"{CustomPath}?limit=100");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(["index", "limit", "total", "profiles"], list.Body.EnumerateObject().Select(p => p.Name).ToArray());
        var item = list.Body.GetProperty("profiles").EnumerateArray().Single(p => p.GetProperty("profile_id").GetString() == id);
        Assert.Equal(key, item.GetProperty("result_file_path").GetString());

        var deleted = await Client.DeleteJsonAsync($"{CustomPath}/{id}");
        Assert.True(deleted.Status == HttpStatusCode.OK, deleted.ToString());
        Assert.Equal(id, deleted.Field("profile_id"));
        Assert.Single(deleted.Body.EnumerateObject());
        AssertError(await Client.GetJsonAsync($"{CustomPath}/{id}"), "10110");
        Assert.True(File.Exists(files[0]), "the result file in the customer's bucket stays (D11)");
    }

    [Fact]
    public async Task A_file_prefix_gets_the_prefix_naming_and_a_second_profile_reuses_the_cached_embeddings()
    {
        var prefix = Unique("ca-prefix") + "/scores";
        var (_, first) = await CreateCompletedCustomAsync(Client, fx.FeatureId, "dog food", B, prefix);
        Assert.Matches($"^{prefix}_[a-z0-9]{{8}}_\\d{{10}}\\.tsv$", first.Field("result_file_path"));
        var cache = Directory.GetFiles(Path.Combine(fx.Host.DataDir, "artifacts", "default", "features", fx.FeatureId), "embeddings-*.ocbe");
        var written = File.GetLastWriteTimeUtc(Assert.Single(cache));
        var (_, second) = await CreateCompletedCustomAsync(Client, fx.FeatureId, "laptop bag", B, prefix);
        Assert.Equal(written, File.GetLastWriteTimeUtc(Assert.Single(Directory.GetFiles(Path.GetDirectoryName(cache[0])!, "embeddings-*.ocbe"))));
        Assert.NotEqual(first.Field("result_file_path"), second.Field("result_file_path"));
    }

    [Fact]
    public async Task Bad_requests_are_refused_and_store_nothing()
    {
        var before = (await Client.GetJsonAsync(CustomPath)).Body.GetProperty("total").GetInt32();
        AssertError(await Client.PostJsonAsync(CustomPath, new Dictionary<string, object?> { ["name"] = "x" }), "10111");
        AssertError(await Client.PostJsonAsync(CustomPath, CustomBody(Unique("k"), fx.FeatureId, "", B, "out/")), "10111");
        AssertError(await Client.PostJsonAsync(CustomPath, CustomBody(Unique("k"), fx.FeatureId, " \n \n", B, "out/")), "10111");
        AssertError(await Client.PostJsonAsync(CustomPath, CustomBody(Unique("k"), fx.FeatureId, new string('a', 1001), B, "out/")), "10111");
        AssertError(await Client.PostJsonAsync(CustomPath, CustomBody(new string('n', 101), fx.FeatureId, "run", B, "out/")), "10101");
        AssertError(await Client.PostJsonAsync(CustomPath, CustomBody(Unique("k"), fx.FeatureId, "run", B, "out/a b")), "10103");
        AssertError(await Client.PostJsonAsync(CustomPath, CustomBody(Unique("k"), fx.FeatureId, "run", B, "../out/")), "10103");
        AssertError(await Client.PostJsonAsync(CustomPath, CustomBody(Unique("k"), Guid.NewGuid().ToString(), "run", B, "out/")), "10110");
        AssertError(await Client.PostJsonAsync(CustomPath, CustomBody(Unique("k"), fx.FeatureId, "run", "no-such-bucket", "out/")), "10106");
        AssertError(await Client.GetJsonAsync($"{CustomPath}/{Guid.NewGuid()}"), "10110");
        AssertError(await Client.DeleteJsonAsync($"{CustomPath}/{Guid.NewGuid()}"), "10110");
        AssertError(await Client.GetJsonAsync($"{CustomPath}?limit=0"), "10111");
        Assert.Equal(before, (await Client.GetJsonAsync(CustomPath)).Body.GetProperty("total").GetInt32());

        // Exactly 1,000 characters (code points, here two-char emoji count as one) is allowed; duplicates by name are not.
        var name = Unique("limit");
        var longest = string.Concat(Enumerable.Repeat("🏃run\n", 199)) + "🏃runn";
        Assert.Equal(1000, longest.EnumerateRunes().Count());
        Assert.True(longest.Length > 1000);
        var ok = await Client.PostJsonAsync(CustomPath, CustomBody(name, fx.FeatureId, longest, B, Unique("lim") + "/"));
        Assert.True(ok.Status == HttpStatusCode.OK, ok.ToString());
        AssertError(await Client.PostJsonAsync(CustomPath, CustomBody(name, fx.FeatureId, "run", B, "out/")), "10102");
        await Client.WaitForEndAsync($"{CustomPath}/{ok.Field("profile_id")}", TimeSpan.FromMinutes(3));
    }

    [Fact]
    public async Task Another_tenant_sees_none_of_it()
    {
        var (id, _) = await CreateCompletedCustomAsync(Client, fx.FeatureId, "yoga mat", B, Unique("iso") + "/");
        var (_, other, _) = await NewTenantAsync(fx.Host, B);
        using var _o = other;
        AssertError(await other.GetJsonAsync($"{CustomPath}/{id}"), "10110");
        AssertError(await other.DeleteJsonAsync($"{CustomPath}/{id}"), "10110");
        Assert.Equal(0, (await other.GetJsonAsync(CustomPath)).Body.GetProperty("total").GetInt32());
        AssertError(await other.PostJsonAsync(CustomPath, CustomBody(Unique("k"), fx.FeatureId, "run", B, "out/")), "10110");
        Assert.Equal(HttpStatusCode.OK, (await Client.GetJsonAsync($"{CustomPath}/{id}")).Status);
    }
}
