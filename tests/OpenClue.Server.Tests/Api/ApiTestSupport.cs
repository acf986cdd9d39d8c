using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using OpenClue.Client;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Api;

/// <summary>One real server shared by the tests of a class (they use unique names, so they do not interfere).</summary>
public class SharedHostFixture : IAsyncLifetime
{
    public OpenClueHost Host { get; private set; } = null!;
    public HttpClient Client => Host.Client;

    protected virtual IDictionary<string, string?>? Settings => null;

    public virtual Task InitializeAsync()
    {
        Host = OpenClueHost.Start(settings: Settings);
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// A shared host with ready-made inputs: bucket <c>data</c> holding a 400-user dataset and its labels, a completed
/// feature over it and a completed task trained on it.
/// </summary>
public class PreparedHostFixture : SharedHostFixture
{
    public const string Bucket = "data";
    public const string SequencesPath = "ready/sequences.tsv";
    public const string LabelsPath = "ready/labels.tsv";
    public BehaviorData Data { get; } = BehaviorData.Generate(400, seed: 7);
    public string FeatureId { get; private set; } = null!;
    public string TaskId { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var root = Host.Bucket(Bucket);
        Data.WriteSequences(Path.Combine(root, SequencesPath));
        Data.WriteLabels(Path.Combine(root, LabelsPath), 0, 400);
        FeatureId = await ApiData.CreateCompletedFeatureAsync(Client, Bucket, SequencesPath);
        TaskId = await ApiData.CreateCompletedTaskAsync(Client, FeatureId, Bucket, LabelsPath);
    }
}

/// <summary>Request bodies, resource creation and the D5 error-body assertions shared by the API tests.</summary>
public static class ApiData
{
    private static readonly Dictionary<string, (int Status, string Message)> Codes = new()
    {
        ["10100"] = (401, "ACCESS_DENIED"),
        ["10101"] = (422, "NAME_TOO_LONG"),
        ["10102"] = (409, "DUPLICATE_NAME"),
        ["10103"] = (422, "INVALID_PATH_CHARACTER"),
        ["10104"] = (422, "INVALID_CHARACTER_IN_TRAIN_PATH"),
        ["10105"] = (422, "INVALID_CHARACTER_IN_TEST_PATH"),
        ["10106"] = (404, "PATH_NOT_FOUND"),
        ["10107"] = (404, "TRAIN_PATH_NOT_FOUND"),
        ["10108"] = (404, "TEST_PATH_NOT_FOUND"),
        ["10109"] = (422, "PERSONAL_DATA_NOT_ALLOWED"),
        ["10110"] = (404, "NOT_FOUND"),
        ["10111"] = (400, "INVALID_PARAMETER"),
        ["10112"] = (409, "INVALID_STATE"),
        ["10113"] = (409, "RESOURCE_NOT_READY"),
        ["10114"] = (429, "TOO_MANY_REQUESTS"),
        ["10115"] = (409, "MODEL_MISMATCH"),
        ["10116"] = (500, "INTERNAL_ERROR"),
        ["10117"] = (413, "PAYLOAD_TOO_LARGE"),
        ["10118"] = (405, "METHOD_NOT_ALLOWED"),
        ["10119"] = (414, "URI_TOO_LONG"),
        ["10120"] = (431, "REQUEST_HEADERS_TOO_LARGE"),
    };

    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..10]}";

    /// <summary>Asserts the exact D5 error: HTTP status, code, message, a details sentence and a request id equal to X-Request-Id.</summary>
    public static void AssertError(ApiCalls.Reply reply, string code)
    {
        var (status, message) = Codes[code];
        Assert.True((int)reply.Status == status && reply.Body.ValueKind == JsonValueKind.Object &&
                    reply.Body.TryGetProperty("error", out var e) && e.TryGetProperty("errorCode", out var c) && c.GetString() == code,
            $"expected {status} {code} {message}, got {reply}");
        AssertErrorBody(reply);
        Assert.Equal(message, reply.ErrorMessage);
    }

    /// <summary>Asserts a 4xx/5xx carries the D5 body shape (any code of the table).</summary>
    public static void AssertErrorBody(ApiCalls.Reply reply)
    {
        Assert.True((int)reply.Status >= 400, $"expected an error, got {reply}");
        Assert.True(reply.Body.ValueKind == JsonValueKind.Object, $"error without a JSON body: {(int)reply.Status}");
        Assert.True(reply.Body.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object, $"no 'error' object: {reply}");
        Assert.Single(reply.Body.EnumerateObject());
        var code = error.GetProperty("errorCode").GetString()!;
        Assert.True(Codes.TryGetValue(code, out var expected), $"unknown errorCode {code}");
        Assert.Equal(expected.Status, (int)reply.Status);
        Assert.Equal(expected.Message, error.GetProperty("message").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("details").GetString()), $"empty details: {reply}");
        var requestId = error.GetProperty("request_id").GetString();
        Assert.False(string.IsNullOrEmpty(requestId));
        Assert.True(reply.Response.Headers.TryGetValues("X-Request-Id", out var header), "no X-Request-Id header");
        Assert.Equal(requestId, Assert.Single(header));
        Assert.Equal("application/json", reply.Response.Content.Headers.ContentType?.MediaType);
    }

    public static object FeatureBody(string name, string bucket, string path) =>
        new Dictionary<string, object?> { ["name"] = name, ["source_bucket"] = bucket, ["source_file_path"] = path };

    public static Dictionary<string, object?> TaskBody(string name, string featureId, string bucket, string path) =>
        new() { ["name"] = name, ["train_feature_id"] = featureId, ["train_bucket"] = bucket, ["train_file_path"] = path };

    public static Dictionary<string, object?> RunBody(string name, string taskId, string featureId, string bucket, string path) =>
        new() { ["name"] = name, ["task_id"] = taskId, ["feature_id"] = featureId, ["result_bucket"] = bucket, ["result_file_path"] = path };

    public static async Task<string> CreateFeatureAsync(HttpClient client, string bucket, string path, string? name = null)
    {
        var reply = await client.PostJsonAsync("/api/v1/features", FeatureBody(name ?? Unique("feature"), bucket, path));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return reply.Field("feature_id");
    }

    public static async Task<string> CreateCompletedFeatureAsync(HttpClient client, string bucket, string path, string? name = null)
    {
        var id = await CreateFeatureAsync(client, bucket, path, name);
        var (_, last) = await client.WaitForEndAsync($"/api/v1/features/{id}");
        Assert.True(last.Field("status") == "completed", last.ToString());
        return id;
    }

    /// <summary>Writes a fresh dataset of <paramref name="users"/> users under a unique path of the bucket and builds a completed feature from it.</summary>
    public static async Task<string> CreateCompletedFeatureAsync(OpenClueHost host, HttpClient client, string bucket, int users = 300, int seed = 1)
    {
        var path = $"{Unique("seq")}/sequences.tsv";
        BehaviorData.Generate(users, seed).WriteSequences(Path.Combine(host.Bucket(bucket), path));
        return await CreateCompletedFeatureAsync(client, bucket, path);
    }

    public static async Task<string> CreateCompletedTaskAsync(HttpClient client, string featureId, string bucket, string labelsPath, string? name = null)
    {
        var reply = await client.PostJsonAsync("/api/v1/tasks", TaskBody(name ?? Unique("task"), featureId, bucket, labelsPath));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        var id = reply.Field("task_id");
        var (_, last) = await client.WaitForEndAsync($"/api/v1/tasks/{id}");
        Assert.True(last.Field("status") == "completed", last.ToString());
        return id;
    }

    public static async Task<(string RunId, ApiCalls.Reply Last)> CreateCompletedRunAsync(HttpClient client, string taskId, string featureId,
        string bucket, string resultPath, string? name = null)
    {
        var reply = await client.PostJsonAsync("/api/v1/task-runs", RunBody(name ?? Unique("run"), taskId, featureId, bucket, resultPath));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        var id = reply.Field("run_id");
        var (_, last) = await client.WaitForEndAsync($"/api/v1/task-runs/{id}");
        Assert.True(last.Field("status") == "completed", last.ToString());
        return (id, last);
    }

    /// <summary>Polls until the resource reaches <paramref name="status"/> (or fails the test after the deadline).</summary>
    public static async Task<ApiCalls.Reply> WaitForStatusAsync(HttpClient client, string path, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var reply = await client.GetJsonAsync(path);
            Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
            if (reply.Field("status") == status) return reply;
            Assert.True(DateTime.UtcNow < deadline, $"{path} did not reach {status}: {reply}");
            await Task.Delay(50);
        }
    }

    /// <summary>A tenant of its own with a key and a client, granted <paramref name="buckets"/>.</summary>
    public static async Task<(string Tenant, HttpClient Client, string AccessKey)> NewTenantAsync(OpenClueHost host, params string[] buckets)
    {
        var tenant = Unique("t");
        var key = await host.CreateTenantKeyAsync(tenant);
        foreach (var bucket in buckets) await host.WithKeysAsync(k => k.GrantAsync(tenant, bucket));
        return (tenant, host.CreateClient(key.AccessKey, key.SecretKey), key.AccessKey);
    }

    /// <summary>
    /// Sends a request signed by hand: <paramref name="signedTarget"/> (default: the target sent) is what the signature covers;
    /// <paramref name="headerCase"/> rewrites the three header names (e.g. to upper case).
    /// </summary>
    public static async Task<ApiCalls.Reply> SendSignedAsync(OpenClueHost host, HttpMethod method, string target,
        string? accessKey = null, string? secret = null, string? signedTarget = null, DateTimeOffset? at = null,
        Func<string, string>? headerCase = null, string? signatureOverride = null, HttpContent? content = null)
    {
        accessKey ??= host.AccessKey;
        secret ??= host.SecretKey;
        headerCase ??= s => s;
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signature = signatureOverride ?? NcpSignatureV2.ComputeSignature(method.Method, signedTarget ?? target, timestamp, accessKey, secret);
        using var client = host.CreateUnsignedClient();
        using var request = new HttpRequestMessage(method, new Uri(host.BaseAddress, target)) { Content = content };
        request.Headers.TryAddWithoutValidation(headerCase(NcpSignatureHeaders.Timestamp), timestamp);
        request.Headers.TryAddWithoutValidation(headerCase(NcpSignatureHeaders.AccessKey), accessKey);
        request.Headers.TryAddWithoutValidation(headerCase(NcpSignatureHeaders.Signature), signature);
        return await ApiCalls.ReadAsync(await client.SendAsync(request));
    }

    /// <summary>Posts raw bytes (no JSON content type), as a client that builds its body by hand would.</summary>
    public static async Task<ApiCalls.Reply> PostBytesAsync(HttpClient client, string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        return await ReadLenientAsync(await client.PostAsync(path, content));
    }

    /// <summary>Like <see cref="ApiCalls.ReadAsync"/> but a non-JSON body becomes an undefined element instead of an exception.</summary>
    public static async Task<ApiCalls.Reply> ReadLenientAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        JsonElement body = default;
        try { if (text.Length > 0) body = JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException) { }
        return new ApiCalls.Reply(response.StatusCode, body, response);
    }
}

/// <summary>
/// A named pipe used as a feature source: the feature job blocks opening it until someone writes, so the job
/// stays in_progress for as long as the test needs (D11/D12 states that are otherwise too brief to observe).
/// </summary>
public sealed class BlockingSource : IAsyncDisposable
{
    public string Path { get; }
    private bool _released;

    private BlockingSource(string path) => Path = path;

    public static BlockingSource Create(string fullPath)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fullPath]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return new BlockingSource(fullPath);
    }

    /// <summary>Writes a small valid dataset into the pipe so the blocked job can finish (and the server can stop).</summary>
    public async Task ReleaseAsync()
    {
        if (_released) return;
        _released = true;
        var write = Task.Run(() =>
        {
            // The open can pair with the storage's non-blocking type check of the pipe, which closes at once; the job's
            // own reader opens it right after. So wait a moment before writing, and write again after a broken pipe.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write);
                    Thread.Sleep(500);
                    stream.Write(Encoding.UTF8.GetBytes("u1\tsearch: a->click: b\nu2\tview: c\n"));
                    return;
                }
                catch (IOException) when (attempt < 5) { }
            }
        });
        try { await write.WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { /* nobody reads it: the job was never started or was deleted */ }
    }

    public async ValueTask DisposeAsync() => await ReleaseAsync();
}
