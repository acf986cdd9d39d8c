using System.Net;
using System.Text.Json;
using OpenClue.Client;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Security;

/// <summary>
/// The small things an attacker notices first, on the server as its own process: an over-long target or oversized
/// headers (below Kestrel's own, raised limits) answer their true status, 414 or 431, with the D5 body (NCLUE) or the
/// N7 body (NSML, whose documented statuses stay 400), HEAD works on /healthz, no <c>Server</c> header, <c>nosniff</c> everywhere, and a lost race for a name is a
/// 409 with no error-level log or stack trace.
/// </summary>
public sealed class HttpSurfaceTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("openclue-http-").FullName;

    private static void AssertD5(HttpResponseMessage response, string body, HttpStatusCode status, string code, string message)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("errorCode").GetString());
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("details").GetString()));
        Assert.Equal(Assert.Single(response.Headers.GetValues("X-Request-Id")), error.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task Transport_refusals_have_D5_bodies_headers_are_hardened_and_name_races_log_no_errors()
    {
        await using var server = await ServerProcess.StartAsync(_dataDir, "AKHTTP", "http-secret");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var health = await http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False(health.Headers.Contains("Server"));
        Assert.Equal("nosniff", Assert.Single(health.Headers.GetValues("X-Content-Type-Options")));
        var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/healthz"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);

        var longTarget = await http.GetAsync("/api/v1/features?x=" + new string('a', 10_000));
        AssertD5(longTarget, await longTarget.Content.ReadAsStringAsync(), HttpStatusCode.RequestUriTooLong, "10119", "URI_TOO_LONG");
        using var bigHeaders = new HttpRequestMessage(HttpMethod.Get, "/api/v1/features");
        for (var i = 0; i < 5; i++) bigHeaders.Headers.TryAddWithoutValidation($"X-Pad-{i}", new string('b', 8_000));
        var tooLarge = await http.SendAsync(bigHeaders);
        AssertD5(tooLarge, await tooLarge.Content.ReadAsStringAsync(), HttpStatusCode.RequestHeaderFieldsTooLarge, "10120", "REQUEST_HEADERS_TOO_LARGE");
        using var manyHeaders = new HttpRequestMessage(HttpMethod.Get, "/api/v1/features");
        for (var i = 0; i < 150; i++) manyHeaders.Headers.TryAddWithoutValidation($"X-Many-{i}", "c");
        var tooMany = await http.SendAsync(manyHeaders);
        AssertD5(tooMany, await tooMany.Content.ReadAsStringAsync(), HttpStatusCode.RequestHeaderFieldsTooLarge, "10120", "REQUEST_HEADERS_TOO_LARGE");
        var nsmlLong = await http.GetAsync("/nsml/v1/projects?x=" + new string('a', 10_000)); // N7: NSML's statuses stay 400
        AssertD5(nsmlLong, await nsmlLong.Content.ReadAsStringAsync(), HttpStatusCode.BadRequest, "20111", "INVALID_PARAMETER");

        var bucket = Directory.CreateDirectory(Path.Combine(_dataDir, "buckets", "race")).FullName;
        BehaviorData.Generate(50, seed: 1).WriteSequences(Path.Combine(bucket, "seq.tsv"));
        using var api = new HttpClient(new SignatureV2Handler("AKHTTP", "http-secret") { InnerHandler = new SocketsHttpHandler() })
        { BaseAddress = server.BaseAddress };
        var replies = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ =>
            api.PostJsonAsync("/api/v1/features", new { name = "same", source_bucket = "race", source_file_path = "seq.tsv" })));
        Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
        Assert.All(replies.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Equal("10102", r.ErrorCode));
        await Task.Delay(500);
        Assert.DoesNotContain("fail: Microsoft.EntityFrameworkCore", server.Output);
        Assert.DoesNotContain("   at Microsoft.EntityFrameworkCore", server.Output);
    }

    public void Dispose() => OpenClueHost.TryDeleteDirectory(_dataDir);
}
