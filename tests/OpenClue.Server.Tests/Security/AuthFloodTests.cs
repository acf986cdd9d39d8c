using System.Net;
using OpenClue.Client;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Tests.Api;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Security;

/// <summary>
/// Cheap attacks on authentication: a flood of made-up access keys from one address is cut off (429) after its failure
/// budget, without touching a valid client on the same address, and leaves at most a line a second in the log.
/// </summary>
public sealed class AuthFloodTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("openclue-flood-").FullName;

    [Fact]
    public async Task A_flood_of_unknown_keys_is_cut_off_per_address_and_sampled_in_the_log_while_a_valid_key_keeps_working()
    {
        await using var server = await ServerProcess.StartAsync(_dataDir, "AKFLOOD", "flood-secret",
            new Dictionary<string, string>
            {
                ["OpenClue:Limits:AuthFailuresPerSecond"] = "5", ["OpenClue:Limits:AuthFailureBurst"] = "20",
                ["OpenClue:Limits:AuthFailureDelay"] = "00:00:00.05"
            });
        using var valid = new HttpClient(new SignatureV2Handler("AKFLOOD", "flood-secret") { InnerHandler = new SocketsHttpHandler() })
        { BaseAddress = server.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await valid.GetAsync("/api/v1/features")).StatusCode);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 150; i++)
        {
            using var flood = new HttpClient(new SignatureV2Handler($"AKRANDOM{Guid.NewGuid():N}", "x") { InnerHandler = new SocketsHttpHandler() })
            { BaseAddress = server.BaseAddress };
            var reply = await ApiCalls.ReadAsync(await flood.GetAsync("/api/v1/features"));
            statuses.Add(reply.Status);
            if (reply.Status == HttpStatusCode.TooManyRequests) ApiData.AssertError(reply, "10114");
            else ApiData.AssertError(reply, "10100");
            if (i % 50 == 0) Assert.Equal(HttpStatusCode.OK, (await valid.GetAsync("/api/v1/features")).StatusCode);
        }
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.Unauthorized), 20, 80); // the burst, plus what refilled meanwhile
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.OK, (await valid.GetAsync("/api/v1/features")).StatusCode);

        await Task.Delay(300);
        var logged = server.Output.Split('\n').Count(l => l.Contains("Request rejected", StringComparison.Ordinal));
        Assert.InRange(logged, 1, 60); // ~one a second, however many were rejected
    }

    [Fact]
    public void The_unknown_key_cache_is_bounded_least_recently_used_and_expires()
    {
        var time = new ManualTime();
        var cache = new UnknownKeyCache(3, TimeSpan.FromSeconds(5), time);
        foreach (var key in new[] { "a", "b", "c" }) cache.Add(key);
        Assert.True(cache.Contains("a")); // a is now the most recent
        cache.Add("d");
        Assert.Equal(3, cache.Count);
        Assert.False(cache.Contains("b"));
        Assert.True(cache.Contains("a") && cache.Contains("c") && cache.Contains("d"));
        time.Advance(TimeSpan.FromSeconds(6));
        Assert.False(cache.Contains("a"));
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks = 1;
        public void Advance(TimeSpan by) => _ticks += (long)(by.TotalSeconds * TimestampFrequency);
        public override long GetTimestamp() => _ticks;
        public override long TimestampFrequency => 1_000_000;
    }

    public void Dispose() => OpenClueHost.TryDeleteDirectory(_dataDir);
}
