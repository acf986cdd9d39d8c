using System.Net;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Api;

/// <summary>Signature v2 verification (§2.2, D6), with requests signed by hand.</summary>
public sealed class SignatureTests(SharedHostFixture fx) : IClassFixture<SharedHostFixture>
{
    private OpenClueHost Host => fx.Host;

    [Fact]
    public async Task Header_names_are_accepted_in_lower_upper_and_mixed_case()
    {
        foreach (var casing in new Func<string, string>[] { s => s, s => s.ToUpperInvariant(), MixedCase })
        {
            var reply = await SendSignedAsync(Host, HttpMethod.Get, "/api/v1/features", headerCase: casing);
            Assert.True(reply.Status == HttpStatusCode.OK, $"{casing("x-ncp-apigw-timestamp")}: {reply}");
        }

        static string MixedCase(string s) => string.Join('-', s.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    [Fact]
    public async Task The_query_string_is_part_of_the_signed_target()
    {
        var ok = await SendSignedAsync(Host, HttpMethod.Get, "/api/v1/features?index=0&limit=5");
        Assert.True(ok.Status == HttpStatusCode.OK, ok.ToString());
        Assert.Equal(5, ok.Body.GetProperty("limit").GetInt32());

        AssertError(await SendSignedAsync(Host, HttpMethod.Get, "/api/v1/features?index=0&limit=5", signedTarget: "/api/v1/features"), "10100");
        // No re-ordering: the query is signed verbatim.
        AssertError(await SendSignedAsync(Host, HttpMethod.Get, "/api/v1/features?index=0&limit=5", signedTarget: "/api/v1/features?limit=5&index=0"), "10100");
        // Signing a query that is not sent fails too.
        AssertError(await SendSignedAsync(Host, HttpMethod.Get, "/api/v1/features", signedTarget: "/api/v1/features?index=0"), "10100");
    }

    [Fact]
    public async Task The_method_is_part_of_the_signature()
    {
        var id = Guid.NewGuid();
        var signedAsGet = NcpSignatureOver("GET", $"/api/v1/features/{id}", out var ts);
        var reply = await SendSignedAsync(Host, HttpMethod.Delete, $"/api/v1/features/{id}", at: ts, signatureOverride: signedAsGet);
        AssertError(reply, "10100");
    }

    [Fact]
    public async Task A_non_ascii_path_is_signed_over_its_percent_encoded_form()
    {
        const string target = "/api/v1/features/%EC%B9%B4%EC%B9%B4%EC%98%A4";
        var reply = await SendSignedAsync(Host, HttpMethod.Get, target);
        AssertError(reply, "10110");
        // Signing the decoded form does not match what was sent.
        AssertError(await SendSignedAsync(Host, HttpMethod.Get, target, signedTarget: "/api/v1/features/카카오"), "10100");
        // The stock client (Uri escaping) signs the same way.
        AssertError(await fx.Client.GetJsonAsync("/api/v1/features/카카오"), "10110");
    }

    [Fact]
    public async Task A_timestamp_more_than_5_minutes_off_is_refused_and_says_so_with_the_server_time()
    {
        foreach (var offset in new[] { TimeSpan.FromMinutes(-6), TimeSpan.FromMinutes(6) })
        {
            var reply = await SendSignedAsync(Host, HttpMethod.Get, "/api/v1/features", at: DateTimeOffset.UtcNow + offset);
            AssertError(reply, "10100");
            var details = reply.Body.GetProperty("error").GetProperty("details").GetString()!;
            Assert.Contains("server time", details, StringComparison.OrdinalIgnoreCase);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var serverMs = System.Text.RegularExpressions.Regex.Matches(details, @"\d{13}").Select(m => long.Parse(m.Value))
                .Where(v => Math.Abs(v - now) < 60_000).ToList();
            Assert.True(serverMs.Count > 0, $"no server time in epoch ms near now: {details}");
        }
        var fresh = await SendSignedAsync(Host, HttpMethod.Get, "/api/v1/features", at: DateTimeOffset.UtcNow.AddMinutes(-4));
        Assert.True(fresh.Status == HttpStatusCode.OK, fresh.ToString());
        var ahead = await SendSignedAsync(Host, HttpMethod.Get, "/api/v1/features", at: DateTimeOffset.UtcNow.AddMinutes(4));
        Assert.True(ahead.Status == HttpStatusCode.OK, ahead.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("1.7e12")]
    [InlineData("99999999999999999999999")]
    public async Task A_malformed_timestamp_is_refused(string timestamp)
    {
        using var client = Host.CreateUnsignedClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/features");
        request.Headers.TryAddWithoutValidation("x-ncp-apigw-timestamp", timestamp);
        request.Headers.TryAddWithoutValidation("x-ncp-iam-access-key", Host.AccessKey);
        request.Headers.TryAddWithoutValidation("x-ncp-apigw-signature-v2",
            OpenClue.Client.NcpSignatureV2.ComputeSignature("GET", "/api/v1/features", timestamp.Length == 0 ? "0" : timestamp, Host.AccessKey, Host.SecretKey));
        AssertError(await ApiCalls.ReadAsync(await client.SendAsync(request)), "10100");
    }

    [Fact]
    public async Task Unknown_key_and_bad_signature_are_refused_with_identical_details()
    {
        var unknown = await SendSignedAsync(Host, HttpMethod.Get, "/api/v1/features", accessKey: "AKNOSUCHKEY", secret: "whatever");
        var badSecret = await SendSignedAsync(Host, HttpMethod.Get, "/api/v1/features", secret: "wrong-secret");
        var garbage = await SendSignedAsync(Host, HttpMethod.Get, "/api/v1/features", signatureOverride: "not base64!!");
        var truncated = await SendSignedAsync(Host, HttpMethod.Get, "/api/v1/features", signatureOverride: Convert.ToBase64String(new byte[16]));
        foreach (var reply in new[] { unknown, badSecret, garbage, truncated }) AssertError(reply, "10100");
        var details = new[] { unknown, badSecret, garbage, truncated }
            .Select(r => r.Body.GetProperty("error").GetProperty("details").GetString()).Distinct().ToList();
        Assert.Single(details);
        Assert.DoesNotContain("server time", details[0]!, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_within_the_cache_lifetime()
    {
        var key = await Host.CreateTenantKeyAsync(Unique("rev"));
        using var client = Host.CreateClient(key.AccessKey, key.SecretKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetJsonAsync("/api/v1/features")).Status); // now cached
        await Host.WithKeysAsync(k => k.RevokeKeyAsync(key.AccessKey));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(7);
        ApiCalls.Reply reply;
        while (true)
        {
            reply = await client.GetJsonAsync("/api/v1/features");
            if (reply.Status != HttpStatusCode.OK || DateTime.UtcNow > deadline) break;
            await Task.Delay(100);
        }
        AssertError(reply, "10100");
        var unknown = await SendSignedAsync(Host, HttpMethod.Get, "/api/v1/features", accessKey: "AKNOSUCHKEY2", secret: "whatever");
        Assert.Equal(unknown.Body.GetProperty("error").GetProperty("details").GetString(),
            reply.Body.GetProperty("error").GetProperty("details").GetString());
    }

    [Fact]
    public async Task Signed_unknown_routes_and_unsigned_public_routes()
    {
        using var anonymous = Host.CreateUnsignedClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        // Under /api an unknown route still needs a signature (no route discovery without a key).
        AssertError(await anonymous.GetJsonAsync("/api/v1/unknown"), "10100");
    }

    private string NcpSignatureOver(string method, string target, out DateTimeOffset at)
    {
        at = DateTimeOffset.UtcNow;
        return OpenClue.Client.NcpSignatureV2.ComputeSignature(method, target, at.ToUnixTimeMilliseconds().ToString(), Host.AccessKey, Host.SecretKey);
    }
}
