using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Api;

/// <summary>
/// Bad input never answers 500 (D5, D14): malformed JSON, wrong types, huge strings, control characters and invalid
/// UTF-8 on every POST endpoint all get a 4xx with the D5 body. Failures are collected so one run shows every case.
/// </summary>
public sealed class BadInputTests(PreparedHostFixture fx) : IClassFixture<PreparedHostFixture>
{
    private const string B = PreparedHostFixture.Bucket;
    private static readonly JsonSerializerOptions Raw = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly string[] Endpoints = ["/api/v1/features", "/api/v1/tasks", "/api/v1/task-runs"];

    private JsonObject BaseBody(string endpoint) => endpoint switch
    {
        "/api/v1/features" => new JsonObject
        {
            ["name"] = Unique("bad"), ["source_bucket"] = B, ["source_file_path"] = PreparedHostFixture.SequencesPath,
        },
        "/api/v1/tasks" => new JsonObject
        {
            ["name"] = Unique("bad"), ["train_feature_id"] = fx.FeatureId, ["train_bucket"] = B,
            ["train_file_path"] = PreparedHostFixture.LabelsPath, ["test_feature_id"] = fx.FeatureId, ["test_bucket"] = B,
            ["test_file_path"] = PreparedHostFixture.LabelsPath,
        },
        _ => new JsonObject
        {
            ["name"] = Unique("bad"), ["task_id"] = fx.TaskId, ["feature_id"] = fx.FeatureId, ["result_bucket"] = B,
            ["result_file_path"] = "bad-input/",
        },
    };

    private static async Task Check(List<string> failures, string what, Task<ApiCalls.Reply> call, string? expectCode = null)
    {
        ApiCalls.Reply reply;
        try { reply = await call; }
        catch (Exception ex) { failures.Add($"{what}: request failed: {ex.GetType().Name}: {ex.Message} / {ex.InnerException?.GetType().Name}: {ex.InnerException?.Message} / {ex.InnerException?.InnerException?.Message}"); return; }
        var status = (int)reply.Status;
        if (status is < 400 or >= 500)
        {
            failures.Add($"{what}: expected 4xx, got {reply}");
            return;
        }
        try
        {
            AssertErrorBody(reply);
            if (expectCode is not null && reply.ErrorCode != expectCode) failures.Add($"{what}: expected {expectCode}, got {reply}");
        }
        catch (Exception ex) { failures.Add($"{what}: bad error body ({ex.Message.Split('\n')[0]}): {reply}"); }
    }

    private static void AssertNone(List<string> failures) =>
        Assert.True(failures.Count == 0, $"{failures.Count} bad answers:\n" + string.Join("\n", failures.Take(60)));

    private Task<ApiCalls.Reply> Post(string endpoint, string json) => PostBytes(endpoint, Encoding.UTF8.GetBytes(json));

    /// <summary>
    /// Each request on a connection of its own: after a 413 the server drops the connection it answered on (see
    /// <see cref="ErrorCodeTests.A_413_answer_closes_the_connection_so_the_next_request_does_not_fail"/>), which must not
    /// be blamed on the next case.
    /// </summary>
    private async Task<ApiCalls.Reply> PostBytes(string endpoint, byte[] body)
    {
        using var client = fx.Host.CreateClient(fx.Host.AccessKey, fx.Host.SecretKey);
        return await PostBytesAsync(client, endpoint, body);
    }

    [Fact]
    public async Task Malformed_json_gets_10111_on_every_endpoint()
    {
        var failures = new List<string>();
        string[] bodies =
        [
            "{", "nul", "[]", "\"x\"", "{\"name\":", "}", "{}", "{\"name\"}", "{\"name\":\"x\"", "{\"name\":\"x\"}}", "{\"name\":\"x\"} {}",
            "true", "0", "-", "{\"name\":\"unterminated}", "{\"name\":\"bad escape \\q\"}", "{\"name\":\"\\u12\"}", "/* comment */ {}",
            "{\"name\":NaN}", "{\"name\":Infinity}", "{\"name\":undefined}", "\u00a0{}",
            new string('[', 5000) + new string(']', 5000),
            "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 201),
        ];
        foreach (var endpoint in Endpoints)
            foreach (var body in bodies)
                await Check(failures, $"{endpoint} body {Shorten(body)}", Post(endpoint, body), "10111");
        AssertNone(failures);
    }

    [Fact]
    public async Task Wrong_types_in_every_field_get_10111()
    {
        var failures = new List<string>();
        Func<JsonNode?>[] wrong =
        [
            () => JsonValue.Create(123), () => JsonValue.Create(1.5), () => JsonValue.Create(-0.0), () => JsonNode.Parse("1e308"),
            () => JsonNode.Parse("123456789012345678901234567890"), () => JsonValue.Create(true), () => JsonValue.Create(false),
            () => new JsonArray(), () => new JsonArray("a"), () => new JsonObject(), () => new JsonObject { ["a"] = 1 }, () => null,
        ];
        foreach (var endpoint in Endpoints)
            foreach (var field in BaseBody(endpoint).Select(p => p.Key).ToList())
                foreach (var value in wrong)
                {
                    var body = BaseBody(endpoint);
                    body[field] = value();
                    var json = body.ToJsonString(Raw);
                    await Check(failures, $"{endpoint} {field}={value()?.ToJsonString() ?? "null"}", Post(endpoint, json), "10111");
                }
        AssertNone(failures);
    }

    [Fact]
    public async Task Huge_strings_in_every_field_get_a_4xx()
    {
        var failures = new List<string>();
        string[] huge = [new string('a', 200_000), new string('가', 200_000), string.Concat(Enumerable.Repeat("a/", 100_000)),
            string.Concat(Enumerable.Repeat("😀", 100_000))];
        foreach (var endpoint in Endpoints)
        {
            foreach (var field in BaseBody(endpoint).Select(p => p.Key).ToList())
                foreach (var value in huge)
                {
                    var body = BaseBody(endpoint);
                    body[field] = "@@MARK@@";
                    var json = body.ToJsonString(Raw).Replace("@@MARK@@", value); // raw UTF-8, not \u escapes (which would pass 1 MiB)
                    await Check(failures, $"{endpoint} {field}=<{value.Length} chars of {char.ConvertFromUtf32(char.ConvertToUtf32(value, 0))}>", Post(endpoint, json));
                }
            var all = BaseBody(endpoint);
            foreach (var field in all.Select(p => p.Key).ToList()) all[field] = new string('z', 200_000);
            await Check(failures, $"{endpoint} every field huge", Post(endpoint, all.ToJsonString(Raw)));
        }
        AssertNone(failures);
    }

    [Fact]
    public async Task Control_characters_in_every_field_get_a_4xx()
    {
        var failures = new List<string>();
        string[] controls = ["\u0000", "a\u0000b", "\u001b[31m", "x\u001by", "\u0007", "\u007f", "\u009b", "\ufeff", "\ufffe"];
        foreach (var endpoint in Endpoints)
        {
            foreach (var field in BaseBody(endpoint).Select(p => p.Key).ToList())
                foreach (var control in controls)
                {
                    var body = BaseBody(endpoint);
                    var original = body[field]!.GetValue<string>();
                    // Both on its own and inside an otherwise valid value (the name stays unique, paths stay plausible).
                    foreach (var value in new[] { control, original + control, control + original })
                    {
                        body[field] = value;
                        var what = $"{endpoint} {field}={JsonSerializer.Serialize(value.Length > 40 ? value[..20] + "…" + value[^20..] : value)}";
                        // Code points that are neither C0/C1 controls nor Latin-1: a name or a result path may hold them.
                        if (field == "name" && control is "\ufeff" or "\ufffe") continue;
                        if (field == "result_file_path" && control is "\ufeff" or "\ufffe" or "\u007f") continue;
                        await Check(failures, what, Post(endpoint, body.ToJsonString(Raw)));
                    }
                }
        }
        AssertNone(failures);
    }

    [Fact]
    public async Task Invalid_utf8_and_invalid_utf16_escapes_get_a_4xx()
    {
        var failures = new List<string>();
        byte[][] invalid =
        [
            [0xFF, 0xFE], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xF4, 0x90, 0x80, 0x80],
        ];
        foreach (var endpoint in Endpoints)
        {
            foreach (var field in BaseBody(endpoint).Select(p => p.Key).ToList())
            {
                foreach (var bytes in invalid)
                {
                    var body = BaseBody(endpoint);
                    body[field] = "@@MARK@@";
                    var parts = body.ToJsonString(Raw).Split("@@MARK@@");
                    var payload = Encoding.UTF8.GetBytes(parts[0]).Concat(Encoding.UTF8.GetBytes("ok")).Concat(bytes)
                        .Concat(Encoding.UTF8.GetBytes(parts[1])).ToArray();
                    await Check(failures, $"{endpoint} {field} with bytes {Convert.ToHexString(bytes)}", PostBytes(endpoint, payload));
                }
                foreach (var escape in new[] { "\\ud800", "x\\udfff", "\\udc00\\ud800", "\\u0000" })
                {
                    var body = BaseBody(endpoint);
                    body[field] = "@@MARK@@";
                    var json = body.ToJsonString(Raw).Replace("@@MARK@@", escape);
                    await Check(failures, $"{endpoint} {field}=\"{escape}\"", Post(endpoint, json));
                }
            }
            // Invalid bytes in a property name and outside any string.
            var raw = BaseBody(endpoint).ToJsonString(Raw);
            await Check(failures, $"{endpoint} invalid byte in a key",
                PostBytes(endpoint, [.. Encoding.UTF8.GetBytes("{\"na"), 0xC3, .. Encoding.UTF8.GetBytes("me\":1,"), .. Encoding.UTF8.GetBytes(raw[1..])]), "10111");
            await Check(failures, $"{endpoint} invalid byte after the object",
                PostBytes(endpoint, [.. Encoding.UTF8.GetBytes(raw), 0xFF]), "10111");
            await Check(failures, $"{endpoint} UTF-16 body",
                PostBytes(endpoint, Encoding.Unicode.GetBytes("{\"name\":1}")), "10111");
        }
        AssertNone(failures);
    }

    [Fact]
    public async Task Bad_input_with_a_json_content_type_behaves_the_same()
    {
        var failures = new List<string>();
        foreach (var endpoint in Endpoints)
            foreach (var body in new[] { "{", "[]", "{\"name\":5}" })
                await Check(failures, $"{endpoint} json {body}", PostJsonContentAsync(endpoint, body), "10111");
        AssertNone(failures);
    }

    private async Task<ApiCalls.Reply> PostJsonContentAsync(string endpoint, string body) =>
        await ReadLenientAsync(await fx.Client.PostAsync(endpoint, new StringContent(body, Encoding.UTF8, "application/json")));

    private static string Shorten(string s) => s.Length <= 40 ? JsonSerializer.Serialize(s) : JsonSerializer.Serialize(s[..20] + "…") + $"({s.Length} chars)";
}
