using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;
using static OpenClue.Server.Tests.Profiles.ProfileData;

namespace OpenClue.Server.Tests.Profiles;

/// <summary>A shopping intent's stored result counts toward the tenant's storage quota (D22).</summary>
public sealed class ProfileQuotaTests
{
    [Fact]
    public async Task A_shopping_intent_that_would_exceed_the_quota_fails_with_DISK_SPACE_SHORTAGE_and_stores_nothing()
    {
        var dataDir = Directory.CreateTempSubdirectory("openclue-quota-").FullName;
        try
        {
            string task;
            await using (var first = OpenClueHost.Start(dataDir))
            {
                var data = BehaviorData.Generate(400, seed: 9);
                data.WriteSequences(Path.Combine(first.Bucket("quota"), "seq.tsv"));
                data.WriteLabels(Path.Combine(first.Bucket("quota"), "labels.tsv"), 0, 400);
                var feature = await CreateCompletedFeatureAsync(first.Client, "quota", "seq.tsv");
                task = await CreateCompletedTaskAsync(first.Client, feature, "quota", "labels.tsv");
            }
            var artifacts = Path.Combine(dataDir, "artifacts", "default");
            var used = Directory.EnumerateFiles(artifacts, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

            // Room for what is stored and 10 bytes more: the intent's TSV (its header alone is 23 bytes) does not fit.
            await using var second = OpenClueHost.Start(dataDir, new Dictionary<string, string?> { ["OpenClue:Quota:BytesPerTenant"] = (used + 10).ToString() });
            var created = await second.Client.PostJsonAsync(IntentPath, IntentBody(Unique("si"), task));
            var (_, end) = await second.Client.WaitForEndAsync($"{IntentPath}/{created.Field("profile_id")}");
            Assert.Equal("failed", end.Field("status"));
            Assert.Equal("DISK_SPACE_SHORTAGE", end.Field("fail_message"));
            Assert.False(Directory.Exists(Path.Combine(artifacts, "profiles")) && Directory.EnumerateFiles(Path.Combine(artifacts, "profiles")).Any());

            // With room, the same request completes and reports its size.
            await second.DisposeAsync();
            await using var third = OpenClueHost.Start(dataDir, new Dictionary<string, string?> { ["OpenClue:Quota:BytesPerTenant"] = (used + 100_000).ToString() });
            var ok = await third.Client.PostJsonAsync(IntentPath, IntentBody(Unique("si"), task));
            var (_, done) = await third.Client.WaitForEndAsync($"{IntentPath}/{ok.Field("profile_id")}");
            Assert.Equal("completed", done.Field("status"));
            Assert.True(done.Body.GetProperty("disk_usage").GetInt64() > 23);
        }
        finally
        {
            OpenClueHost.TryDeleteDirectory(dataDir);
        }
    }
}
