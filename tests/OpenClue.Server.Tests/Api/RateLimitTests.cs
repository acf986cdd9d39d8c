using System.Net;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Api;

public sealed class OneRequestPerSecondFixture : SharedHostFixture
{
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["OpenClue:RateLimit:RequestsPerSecond"] = "1" };
}

/// <summary>Rate limiting per access key (D8): excess → 429 10114.</summary>
public sealed class RateLimitTests(OneRequestPerSecondFixture fx) : IClassFixture<OneRequestPerSecondFixture>
{
    [Fact]
    public async Task Requests_beyond_the_rate_get_10114_per_access_key()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => fx.Client.GetJsonAsync("/api/v1/features")));
        Assert.Contains(replies, r => r.Status == HttpStatusCode.OK);
        var limited = replies.Where(r => r.Status == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(limited.Count >= 3, string.Join("\n", replies.Select(r => r.ToString())));
        foreach (var reply in limited)
        {
            AssertError(reply, "10114");
            Assert.NotNull(reply.Response.Headers.RetryAfter);
        }

        // Another key has its own budget.
        var key = await fx.Host.CreateTenantKeyAsync(Unique("rl"));
        using var other = fx.Host.CreateClient(key.AccessKey, key.SecretKey);
        var first = await other.GetJsonAsync("/api/v1/features");
        Assert.True(first.Status == HttpStatusCode.OK, first.ToString());

        // Unsigned and public requests are not limited (and do not spend the key's budget).
        using var anonymous = fx.Host.CreateUnsignedClient();
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);

        // The budget refills: within a deadline the first key is served again.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        ApiCalls.Reply again;
        do
        {
            await Task.Delay(250);
            again = await fx.Client.GetJsonAsync("/api/v1/features");
        } while (again.Status != HttpStatusCode.OK && DateTime.UtcNow < deadline);
        Assert.True(again.Status == HttpStatusCode.OK, again.ToString());
    }
}
