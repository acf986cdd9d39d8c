using System.Net;
using System.Text;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Api;

/// <summary>Every D5 error code reachable through real requests, with its HTTP status and body (10112/10113 are in <see cref="ActiveJobTests"/>, 10114 in <see cref="RateLimitTests"/>).</summary>
public sealed class ErrorCodeTests(PreparedHostFixture fx) : IClassFixture<PreparedHostFixture>
{
    private const string B = PreparedHostFixture.Bucket;
    private HttpClient Client => fx.Client;

    // ---- 10100 ACCESS_DENIED ----

    [Fact]
    public async Task Unsigned_requests_and_partial_headers_get_10100()
    {
        using var anonymous = fx.Host.CreateUnsignedClient();
        AssertError(await anonymous.GetJsonAsync("/api/v1/features"), "10100");
        AssertError(await anonymous.PostJsonAsync("/api/v1/tasks", new { name = "x" }), "10100");
        AssertError(await anonymous.DeleteJsonAsync("/api/v1/task-runs/" + Guid.NewGuid()), "10100");
        // Signature header missing: the other two alone are not enough.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/features");
        request.Headers.Add("x-ncp-apigw-timestamp", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString());
        request.Headers.Add("x-ncp-iam-access-key", fx.Host.AccessKey);
        AssertError(await ApiCalls.ReadAsync(await anonymous.SendAsync(request)), "10100");
        // Unsigned paths outside the API stay open.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/healthz")).StatusCode);
    }

    // ---- 10101 NAME_TOO_LONG ----

    [Fact]
    public async Task Names_over_100_code_points_get_10101_on_every_post()
    {
        var tooLong = new string('n', 101);
        AssertError(await Client.PostJsonAsync("/api/v1/features", FeatureBody(tooLong, B, PreparedHostFixture.SequencesPath)), "10101");
        AssertError(await Client.PostJsonAsync("/api/v1/tasks", TaskBody(tooLong, fx.FeatureId, B, PreparedHostFixture.LabelsPath)), "10101");
        AssertError(await Client.PostJsonAsync("/api/v1/task-runs", RunBody(tooLong, fx.TaskId, fx.FeatureId, B, "out/")), "10101");
        AssertError(await Client.PostJsonAsync("/api/v1/features", FeatureBody(new string('가', 101), B, PreparedHostFixture.SequencesPath)), "10101");
    }

    [Fact]
    public async Task A_name_of_exactly_100_characters_is_accepted_counting_code_points()
    {
        var korean = "가" + Guid.NewGuid().ToString("N")[..8] + new string('나', 91); // 100 code points
        Assert.Equal(100, korean.EnumerateRunes().Count());
        var ok = await Client.PostJsonAsync("/api/v1/features", FeatureBody(korean, B, PreparedHostFixture.SequencesPath));
        Assert.True(ok.Status == HttpStatusCode.OK, ok.ToString());
        Assert.Equal(korean, ok.Field("feature_name"));

        // 100 emoji are 200 UTF-16 units but 100 code points (D10).
        var emoji = Guid.NewGuid().ToString("N")[..10] + string.Concat(Enumerable.Repeat("😀", 90));
        Assert.Equal(100, emoji.EnumerateRunes().Count());
        var ok2 = await Client.PostJsonAsync("/api/v1/features", FeatureBody(emoji, B, PreparedHostFixture.SequencesPath));
        Assert.True(ok2.Status == HttpStatusCode.OK, ok2.ToString());

        // Surrounding blanks are trimmed before counting.
        var padded = "  " + Unique("p").PadRight(100, 'x') + "  ";
        var ok3 = await Client.PostJsonAsync("/api/v1/features", FeatureBody(padded, B, PreparedHostFixture.SequencesPath));
        Assert.True(ok3.Status == HttpStatusCode.OK, ok3.ToString());
        Assert.Equal(padded.Trim(), ok3.Field("feature_name"));
    }

    // ---- 10102 DUPLICATE_NAME ----

    [Fact]
    public async Task Duplicate_names_get_10102_per_resource_type_but_types_do_not_collide()
    {
        var name = Unique("shared-name");
        var first = await Client.PostJsonAsync("/api/v1/features", FeatureBody(name, B, PreparedHostFixture.SequencesPath));
        Assert.True(first.Status == HttpStatusCode.OK, first.ToString());
        AssertError(await Client.PostJsonAsync("/api/v1/features", FeatureBody(name, B, PreparedHostFixture.SequencesPath)), "10102");
        AssertError(await Client.PostJsonAsync("/api/v1/features", FeatureBody($"  {name}\t", B, PreparedHostFixture.SequencesPath)), "10102");
        // Names are case-sensitive (D10).
        var upper = await Client.PostJsonAsync("/api/v1/features", FeatureBody(name.ToUpperInvariant(), B, PreparedHostFixture.SequencesPath));
        Assert.True(upper.Status == HttpStatusCode.OK, upper.ToString());

        // The same name is free for a task and a run.
        var task = await Client.PostJsonAsync("/api/v1/tasks", TaskBody(name, fx.FeatureId, B, PreparedHostFixture.LabelsPath));
        Assert.True(task.Status == HttpStatusCode.OK, task.ToString());
        AssertError(await Client.PostJsonAsync("/api/v1/tasks", TaskBody(name, fx.FeatureId, B, PreparedHostFixture.LabelsPath)), "10102");
        var run = await Client.PostJsonAsync("/api/v1/task-runs", RunBody(name, fx.TaskId, fx.FeatureId, B, $"{Unique("dup")}/"));
        Assert.True(run.Status == HttpStatusCode.OK, run.ToString());
        AssertError(await Client.PostJsonAsync("/api/v1/task-runs", RunBody(name, fx.TaskId, fx.FeatureId, B, $"{Unique("dup")}/")), "10102");
        await Client.WaitForEndAsync($"/api/v1/tasks/{task.Field("task_id")}");
        await Client.WaitForEndAsync($"/api/v1/task-runs/{run.Field("run_id")}");
    }

    [Fact]
    public async Task A_deleted_resource_frees_its_name()
    {
        var name = Unique("reuse");
        var id = await CreateCompletedFeatureAsync(Client, B, PreparedHostFixture.SequencesPath, name);
        Assert.Equal(HttpStatusCode.OK, (await Client.DeleteJsonAsync($"/api/v1/features/{id}")).Status);
        var again = await Client.PostJsonAsync("/api/v1/features", FeatureBody(name, B, PreparedHostFixture.SequencesPath));
        Assert.True(again.Status == HttpStatusCode.OK, again.ToString());
        await Client.WaitForEndAsync($"/api/v1/features/{again.Field("feature_id")}");
    }

    // ---- 10103 / 10104 / 10105 path characters ----

    public static readonly TheoryData<string> BadPaths = BuildBadPaths();

    private static TheoryData<string> BuildBadPaths()
    {
        var data = new TheoryData<string>
        {
            "a?b", "a b", "a\u0001b", "a\tb", "a\nb", "a\u001fb", "a\u0080b", "caf\u00e9.tsv", "a\u00ffb",
            "../x.tsv", "a/../b.tsv", "..", "/abs/x.tsv", "/", "a//b.tsv", new string('a', 1025),
            string.Concat(Enumerable.Repeat("가", 342)), // 1,026 UTF-8 bytes, 342 characters
        };
        foreach (var c in "&$@;:+,?*\\{}^%`[]<>~#|\"'") data.Add($"dir/a{c}b.tsv");
        return data;
    }

    [Theory]
    [MemberData(nameof(BadPaths))]
    public async Task Forbidden_paths_get_the_path_code_of_each_field(string bad)
    {
        AssertError(await Client.PostJsonAsync("/api/v1/features", FeatureBody(Unique("p"), B, bad)), "10103");

        AssertError(await Client.PostJsonAsync("/api/v1/tasks", TaskBody(Unique("p"), fx.FeatureId, B, bad)), "10104");

        var withTest = TaskBody(Unique("p"), fx.FeatureId, B, PreparedHostFixture.LabelsPath);
        withTest["test_feature_id"] = fx.FeatureId;
        withTest["test_bucket"] = B;
        withTest["test_file_path"] = bad;
        AssertError(await Client.PostJsonAsync("/api/v1/tasks", withTest), "10105");

        AssertError(await Client.PostJsonAsync("/api/v1/task-runs", RunBody(Unique("p"), fx.TaskId, fx.FeatureId, B, bad)), "10103");
    }

    /// <summary>
    /// §1.6/D14 forbid spaces, codes 0–31 and 128–255 anywhere in a path. The server trims path fields before checking
    /// them, so a leading/trailing space, tab, newline or U+0085 is silently dropped and another path than the one sent is used.
    /// </summary>
    [Theory]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData("\n")]
    [InlineData("\u0085")]
    public async Task Forbidden_characters_at_the_ends_of_a_path_are_refused_not_trimmed(string edge)
    {
        var seq = PreparedHostFixture.SequencesPath;
        var labels = PreparedHostFixture.LabelsPath;
        var failures = new List<string>();
        async Task Expect(string what, Task<ApiCalls.Reply> call, string code)
        {
            var reply = await call;
            if ((int)reply.Status is >= 200 and < 300 || reply.Body.ValueKind != System.Text.Json.JsonValueKind.Object ||
                !reply.Body.TryGetProperty("error", out _) || reply.ErrorCode != code)
                failures.Add($"{what}: expected {code}, got {reply}");
        }
        foreach (var path in new[] { seq + edge, edge + seq })
            await Expect($"source_file_path {System.Text.Json.JsonSerializer.Serialize(path)}",
                Client.PostJsonAsync("/api/v1/features", FeatureBody(Unique("edge"), B, path)), "10103");
        foreach (var path in new[] { labels + edge, edge + labels })
        {
            await Expect($"train_file_path {System.Text.Json.JsonSerializer.Serialize(path)}",
                Client.PostJsonAsync("/api/v1/tasks", TaskBody(Unique("edge"), fx.FeatureId, B, path)), "10104");
            var withTest = TaskBody(Unique("edge"), fx.FeatureId, B, labels);
            withTest["test_feature_id"] = fx.FeatureId;
            withTest["test_bucket"] = B;
            withTest["test_file_path"] = path;
            await Expect($"test_file_path {System.Text.Json.JsonSerializer.Serialize(path)}", Client.PostJsonAsync("/api/v1/tasks", withTest), "10105");
            await Expect($"result_file_path {System.Text.Json.JsonSerializer.Serialize("out/" + edge)}",
                Client.PostJsonAsync("/api/v1/task-runs", RunBody(Unique("edge"), fx.TaskId, fx.FeatureId, B, "out/" + edge)), "10103");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Korean_and_Japanese_paths_equals_sign_and_long_paths_within_1024_bytes_are_allowed()
    {
        var root = fx.Host.Bucket(B);
        var folder = Unique("국제");
        var seqPath = $"{folder}/데이터/行動ログ=2026.tsv";
        fx.Data.WriteSequences(Path.Combine(root, seqPath));
        var feature = await CreateCompletedFeatureAsync(Client, B, seqPath);
        Assert.Equal(seqPath, (await Client.GetJsonAsync($"/api/v1/features/{feature}")).Field("source_file_path"));

        // A directory (trailing '/') is a valid source too.
        var dirFeature = await CreateCompletedFeatureAsync(Client, B, $"{folder}/데이터/");
        Assert.NotEqual(feature, dirFeature);

        var labelPath = $"{folder}/ラベル/정답.tsv";
        fx.Data.WriteLabels(Path.Combine(root, labelPath), 0, 300);
        var testLabels = $"{folder}/テスト/정답.tsv";
        fx.Data.WriteLabels(Path.Combine(root, testLabels), 300, 100);
        var body = TaskBody(Unique("task"), feature, B, labelPath);
        body["test_feature_id"] = feature;
        body["test_bucket"] = B;
        body["test_file_path"] = testLabels;
        var task = await Client.PostJsonAsync("/api/v1/tasks", body);
        Assert.True(task.Status == HttpStatusCode.OK, task.ToString());
        var taskId = task.Field("task_id");
        var (_, taskEnd) = await Client.WaitForEndAsync($"/api/v1/tasks/{taskId}");
        Assert.True(taskEnd.Field("status") == "completed", taskEnd.ToString());

        var (_, run) = await CreateCompletedRunAsync(Client, taskId, feature, B, $"{folder}/결과/");
        var key = run.Field("result_file_path");
        Assert.StartsWith($"{folder}/결과/nclue_", key);
        Assert.True(File.Exists(Path.Combine(root, key)), key);

        // 1,023 bytes of Korean (341 × 3) passes the path check; it does not exist, so 404 rather than 422.
        var longPath = string.Concat(Enumerable.Repeat("가", 341));
        Assert.Equal(1023, Encoding.UTF8.GetByteCount(longPath));
        AssertError(await Client.PostJsonAsync("/api/v1/features", FeatureBody(Unique("p"), B, longPath)), "10106");
        AssertError(await Client.PostJsonAsync("/api/v1/features", FeatureBody(Unique("p"), B, new string('a', 1024))), "10106");
    }

    // ---- 10106 / 10107 / 10108 not found ----

    [Fact]
    public async Task Missing_bucket_missing_file_and_invalid_bucket_name_get_the_not_found_code_of_each_field()
    {
        var missing = new[] { ("no-such-bucket", PreparedHostFixture.LabelsPath), (B, "no/such/file.tsv"), (B, "no-such-dir/"),
            ("Bad_Bucket", PreparedHostFixture.LabelsPath), ("ab", PreparedHostFixture.LabelsPath), ("-data", PreparedHostFixture.LabelsPath) };
        foreach (var (bucket, path) in missing)
        {
            AssertError(await Client.PostJsonAsync("/api/v1/features", FeatureBody(Unique("nf"), bucket, path)), "10106");
            AssertError(await Client.PostJsonAsync("/api/v1/tasks", TaskBody(Unique("nf"), fx.FeatureId, bucket, path)), "10107");
            var withTest = TaskBody(Unique("nf"), fx.FeatureId, B, PreparedHostFixture.LabelsPath);
            withTest["test_feature_id"] = fx.FeatureId;
            withTest["test_bucket"] = bucket;
            withTest["test_file_path"] = path;
            AssertError(await Client.PostJsonAsync("/api/v1/tasks", withTest), "10108");
        }
        foreach (var bucket in new[] { "no-such-bucket", "Bad_Bucket", "ab" })
            AssertError(await Client.PostJsonAsync("/api/v1/task-runs", RunBody(Unique("nf"), fx.TaskId, fx.FeatureId, bucket, "out/")), "10106");
    }

    // ---- 10109 PERSONAL_DATA_NOT_ALLOWED ----

    [Theory]
    [InlineData("contact@example.com")]
    [InlineData("010-1234-5678")]
    [InlineData("01012345678")]
    public async Task Label_files_with_personal_data_get_10109(string personal)
    {
        var root = fx.Host.Bucket(B);
        var folder = Unique("pii");
        var clean = $"{folder}/clean.tsv";
        fx.Data.WriteLabels(Path.Combine(root, clean), 0, 400);
        var dirty = $"{folder}/dirty.tsv";
        var lines = File.ReadAllLines(Path.Combine(root, clean)).ToList();
        lines.Insert(50, $"{personal}\t1");
        File.WriteAllLines(Path.Combine(root, dirty), lines);

        var files = Directory.GetFiles(Path.Combine(root, folder)).Length;
        AssertError(await Client.PostJsonAsync("/api/v1/tasks", TaskBody(Unique("pii"), fx.FeatureId, B, dirty)), "10109");
        var withTest = TaskBody(Unique("pii"), fx.FeatureId, B, clean);
        withTest["test_feature_id"] = fx.FeatureId;
        withTest["test_bucket"] = B;
        withTest["test_file_path"] = dirty;
        AssertError(await Client.PostJsonAsync("/api/v1/tasks", withTest), "10109");
        Assert.Equal(files, Directory.GetFiles(Path.Combine(root, folder)).Length);
    }

    // ---- 10110 NOT_FOUND ----

    [Fact]
    public async Task Unknown_ids_and_unknown_routes_get_10110()
    {
        var id = Guid.NewGuid().ToString();
        foreach (var kind in new[] { "features", "tasks", "task-runs" })
        {
            AssertError(await Client.GetJsonAsync($"/api/v1/{kind}/{id}"), "10110");
            AssertError(await Client.DeleteJsonAsync($"/api/v1/{kind}/{id}"), "10110");
            AssertError(await Client.GetJsonAsync($"/api/v1/{kind}/not-a-uuid"), "10110");
        }
        AssertError(await Client.GetJsonAsync("/api/v1/nothing-here"), "10110");
        AssertError(await Client.GetJsonAsync("/api/v2/features"), "10110");
        AssertError(await Client.GetJsonAsync($"/api/v1/features/{fx.FeatureId}/extra"), "10110");
        using var anonymous = fx.Host.CreateUnsignedClient();
        AssertError(await anonymous.GetJsonAsync("/no-such-page"), "10110");

        // Unknown input ids in POST bodies.
        AssertError(await Client.PostJsonAsync("/api/v1/tasks", TaskBody(Unique("t"), id, B, PreparedHostFixture.LabelsPath)), "10110");
        var withTest = TaskBody(Unique("t"), fx.FeatureId, B, PreparedHostFixture.LabelsPath);
        withTest["test_feature_id"] = id;
        withTest["test_bucket"] = B;
        withTest["test_file_path"] = PreparedHostFixture.LabelsPath;
        AssertError(await Client.PostJsonAsync("/api/v1/tasks", withTest), "10110");
        AssertError(await Client.PostJsonAsync("/api/v1/task-runs", RunBody(Unique("r"), id, fx.FeatureId, B, "out/")), "10110");
        AssertError(await Client.PostJsonAsync("/api/v1/task-runs", RunBody(Unique("r"), fx.TaskId, id, B, "out/")), "10110");
        // A feature id is not a task id.
        AssertError(await Client.PostJsonAsync("/api/v1/task-runs", RunBody(Unique("r"), fx.FeatureId, fx.FeatureId, B, "out/")), "10110");
    }

    // ---- 10111 INVALID_PARAMETER ----

    [Fact]
    public async Task Missing_empty_and_wrongly_typed_fields_get_10111()
    {
        var valid = new Dictionary<string, object?>
        {
            ["name"] = "x", ["source_bucket"] = B, ["source_file_path"] = PreparedHostFixture.SequencesPath,
        };
        foreach (var field in valid.Keys)
        {
            foreach (var value in new object?[] { null, "", "   ", 42, true, new[] { "a" }, new { a = 1 } })
            {
                var body = new Dictionary<string, object?>(valid) { ["name"] = Unique("x") };
                body[field] = value;
                AssertError(await Client.PostJsonAsync("/api/v1/features", body), "10111");
            }
            var without = new Dictionary<string, object?>(valid) { ["name"] = Unique("x") };
            without.Remove(field);
            AssertError(await Client.PostJsonAsync("/api/v1/features", without), "10111");
        }
        AssertError(await Client.PostJsonAsync("/api/v1/features", FeatureBody("a\u0000b", B, PreparedHostFixture.SequencesPath)), "10111");
        AssertError(await Client.PostJsonAsync("/api/v1/tasks", new { name = Unique("t") }), "10111");
        AssertError(await Client.PostJsonAsync("/api/v1/task-runs", new { name = Unique("r"), task_id = fx.TaskId }), "10111");
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{\"name\":")]
    [InlineData("[]")]
    [InlineData("[{\"name\":\"x\"}]")]
    [InlineData("\"x\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("nul")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("name=x&source_bucket=data")]
    [InlineData("{\"name\":\"x\",}")]
    [InlineData("{'name':'x'}")]
    public async Task Bodies_that_are_not_a_json_object_get_10111(string body)
    {
        foreach (var path in new[] { "/api/v1/features", "/api/v1/tasks", "/api/v1/task-runs" })
            AssertError(await Client.PostRawAsync(path, body), "10111");
    }

    [Fact]
    public async Task Test_fields_given_partially_get_10111()
    {
        var partials = new[]
        {
            new[] { "test_feature_id" }, new[] { "test_bucket" }, new[] { "test_file_path" },
            new[] { "test_feature_id", "test_bucket" }, new[] { "test_feature_id", "test_file_path" }, new[] { "test_bucket", "test_file_path" },
        };
        var values = new Dictionary<string, object?>
        {
            ["test_feature_id"] = fx.FeatureId, ["test_bucket"] = B, ["test_file_path"] = PreparedHostFixture.LabelsPath,
        };
        foreach (var given in partials)
        {
            var body = TaskBody(Unique("partial"), fx.FeatureId, B, PreparedHostFixture.LabelsPath);
            foreach (var f in given) body[f] = values[f];
            AssertError(await Client.PostJsonAsync("/api/v1/tasks", body), "10111");
            // An empty string counts as not given, so the set is still partial.
            foreach (var f in values.Keys.Except(given)) body[f] = "";
            AssertError(await Client.PostJsonAsync("/api/v1/tasks", body), "10111");
        }
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("limit=-1")]
    [InlineData("limit=abc")]
    [InlineData("limit=1.5")]
    [InlineData("limit=")]
    [InlineData("index=-1")]
    [InlineData("index=abc")]
    [InlineData("index=99999999999")]
    [InlineData("limit=5&limit=6")]
    public async Task Bad_paging_gets_10111_on_every_list(string query)
    {
        foreach (var kind in new[] { "features", "tasks", "task-runs" })
            AssertError(await Client.GetJsonAsync($"/api/v1/{kind}?{query}"), "10111");
    }

    // ---- 10117 PAYLOAD_TOO_LARGE ----

    [Fact]
    public async Task Bodies_over_1_MiB_get_10117()
    {
        var json = "{\"name\":\"big\"," + new string(' ', 1 << 20) + "\"source_bucket\":\"data\",\"source_file_path\":\"x\"}";
        foreach (var path in new[] { "/api/v1/features", "/api/v1/tasks", "/api/v1/task-runs" })
        {
            // A client of its own: a connection that answered 413 without reading the body may be unusable afterwards.
            using var client = fx.Host.CreateClient(fx.Host.AccessKey, fx.Host.SecretKey);
            AssertError(await client.PostRawAsync(path, json), "10117");
        }

        // Exactly 1 MiB is within the limit: it is parsed (and then fails on its content, not its size).
        var exact = "{\"name\":\"\"" + new string(' ', (1 << 20) - 11) + "}";
        Assert.Equal(1 << 20, Encoding.UTF8.GetByteCount(exact));
        using var fresh = fx.Host.CreateClient(fx.Host.AccessKey, fx.Host.SecretKey);
        AssertError(await fresh.PostRawAsync("/api/v1/features", exact), "10111");
    }

    [Fact]
    public async Task A_chunked_body_over_1_MiB_gets_10117_when_the_answer_arrives()
    {
        // No Content-Length, so the limit is found while reading. The server stops reading and answers; the client may
        // see the connection reset before it reads that answer (TCP discards it), so only an answer that does arrive is checked.
        var json = "{\"name\":\"big\"," + new string(' ', 1 << 20) + "\"source_bucket\":\"data\",\"source_file_path\":\"x\"}";
        using var client = fx.Host.CreateClient(fx.Host.AccessKey, fx.Host.SecretKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json))) };
        request.Headers.TransferEncodingChunked = true;
        HttpResponseMessage response;
        try { response = await client.SendAsync(request); }
        catch (HttpRequestException) { return; }
        AssertError(await ApiCalls.ReadAsync(response), "10117");
    }

    /// <summary>
    /// A 413 is answered without reading the body; Kestrel then fails to drain it (it is over the limit) and drops the
    /// connection. Without <c>Connection: close</c> on the answer, the client pools the connection and its next request
    /// fails ("response ended prematurely" / broken pipe).
    /// </summary>
    [Fact]
    public async Task A_413_answer_closes_the_connection_so_the_next_request_does_not_fail()
    {
        var json = "{\"name\":\"big\"," + new string(' ', 2 << 20) + "}";
        using var client = fx.Host.CreateClient(fx.Host.AccessKey, fx.Host.SecretKey);
        var failures = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var reply = await client.PostRawAsync("/api/v1/features", json);
            AssertError(reply, "10117");
            if (reply.Response.Headers.ConnectionClose != true) failures.Add($"413 #{i} without Connection: close");
            try
            {
                var next = await client.GetJsonAsync("/api/v1/features?limit=1");
                if (next.Status != HttpStatusCode.OK) failures.Add($"request after 413 #{i}: {next}");
            }
            catch (HttpRequestException ex) { failures.Add($"request after 413 #{i} failed: {ex.InnerException?.Message ?? ex.Message}"); }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // ---- 10118 METHOD_NOT_ALLOWED ----

    [Fact]
    public async Task Unsupported_methods_get_10118()
    {
        var calls = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Put, "/api/v1/features"), (HttpMethod.Patch, $"/api/v1/features/{fx.FeatureId}"), (HttpMethod.Delete, "/api/v1/tasks"),
            (HttpMethod.Post, $"/api/v1/task-runs/{Guid.NewGuid()}"), (HttpMethod.Put, $"/api/v1/tasks/{fx.TaskId}"), (HttpMethod.Delete, "/api/v1/features"),
        };
        var failures = new List<string>();
        foreach (var (method, path) in calls)
        {
            using var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Delete ? null : new StringContent("{}") };
            var reply = await ApiCalls.ReadAsync(await Client.SendAsync(request));
            try { AssertError(reply, "10118"); }
            catch (Exception) { failures.Add($"{method} {path}: {reply}"); }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // ---- request ids ----

    [Fact]
    public async Task A_well_formed_client_request_id_is_echoed_in_the_error_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/features/{Guid.NewGuid()}");
        request.Headers.Add("X-Request-Id", "client-req-42");
        var reply = await ApiCalls.ReadAsync(await Client.SendAsync(request));
        AssertError(reply, "10110");
        Assert.Equal("client-req-42", reply.Body.GetProperty("error").GetProperty("request_id").GetString());

        using var hostile = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/features/{Guid.NewGuid()}");
        hostile.Headers.TryAddWithoutValidation("X-Request-Id", "bad id\"<script>");
        var replaced = await ApiCalls.ReadAsync(await Client.SendAsync(hostile));
        AssertError(replaced, "10110");
        Assert.NotEqual("bad id\"<script>", replaced.Body.GetProperty("error").GetProperty("request_id").GetString());
    }
}
