using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace OpenClue.Client.Nsml;

/// <summary>
/// Typed access to a CLOVA NSML-compatible API (<c>/nsml/v1</c> on OpenClue, or NAVER Cloud's
/// <c>https://nsml.apigw.ntruss.com</c>), signed like NCLUE (<see cref="SignatureV2Handler"/>).
/// </summary>
public sealed class NsmlClient : IDisposable
{
    private const string Base = "nsml/v1";
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;

    /// <param name="http">Signs its requests; its <see cref="HttpClient.BaseAddress"/> is the root the <c>nsml/v1/…</c> paths resolve against.</param>
    public NsmlClient(HttpClient http) : this(http, ownsHttp: false)
    {
    }

    private NsmlClient(HttpClient http, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null) throw new ArgumentException("The HttpClient needs a BaseAddress.", nameof(http));
        _http = http;
        _ownsHttp = ownsHttp;
    }

    /// <summary>A client that signs with the given key; <paramref name="apiGatewayKey"/> is sent as <c>x-ncp-apigw-api-key</c> when given.</summary>
    public static NsmlClient Create(Uri endpoint, string accessKey, string secretKey, HttpMessageHandler? innerHandler = null,
        string? apiGatewayKey = null)
    {
        var signer = new SignatureV2Handler(accessKey, secretKey) { InnerHandler = innerHandler ?? new SocketsHttpHandler() };
        var http = new HttpClient(signer) { BaseAddress = ApiRoot(endpoint) };
        if (apiGatewayKey is { Length: > 0 }) http.DefaultRequestHeaders.Add("x-ncp-apigw-api-key", apiGatewayKey);
        return new NsmlClient(http, ownsHttp: true);
    }

    /// <summary>The root <c>nsml/v1/…</c> resolves against; a pasted <c>/nsml/v1</c> (or NCLUE's <c>/api/v1</c>) is dropped.</summary>
    public static Uri ApiRoot(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var path = endpoint.AbsolutePath.TrimEnd('/');
        foreach (var suffix in new[] { "/nsml/v1", "/api/v1" })
            if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) path = path[..^suffix.Length];
        return new UriBuilder(endpoint) { Path = path + "/", Query = "", Fragment = "" }.Uri;
    }

    public Task<NsmlProjectCreated> CreateProjectAsync(string projectName, int nasVolumeSize = 500, string? note = null, CancellationToken ct = default) =>
        SendAsync<NsmlProjectCreated>(HttpMethod.Post, "/projects", new { projectName, nasVolumeSize, note }, ct);

    public Task<NsmlProjectList> ListProjectsAsync(int page = 1, int pageSize = 10, CancellationToken ct = default) =>
        SendAsync<NsmlProjectList>(HttpMethod.Get, $"/projects?page={page}&pageSize={pageSize}", null, ct);

    public Task<NsmlProject> GetProjectAsync(string projectId, CancellationToken ct = default) =>
        SendAsync<NsmlProject>(HttpMethod.Get, $"/projects/{Segment(projectId)}", null, ct);

    public Task<JsonElement> DeleteProjectAsync(string projectId, CancellationToken ct = default) =>
        SendAsync<JsonElement>(HttpMethod.Delete, $"/projects/{Segment(projectId)}", null, ct);

    public Task<NsmlProjectNas> GetNasAsync(string projectId, CancellationToken ct = default) =>
        SendAsync<NsmlProjectNas>(HttpMethod.Get, $"/projects/{Segment(projectId)}/nas", null, ct);

    public Task<NsmlRunCreated> CreateRunAsync(string projectId, NsmlRunRequest run, CancellationToken ct = default) =>
        SendAsync<NsmlRunCreated>(HttpMethod.Post, $"/projects/{Segment(projectId)}/runs", run, ct);

    /// <summary>Runs of all projects, newest first; the filters (OpenClue's extension) apply before paging.</summary>
    public Task<NsmlRunList> ListRunsAsync(int page = 1, int pageSize = 10, string? projectId = null, string? status = null,
        string? runType = null, CancellationToken ct = default)
    {
        var query = $"/projects/runs?page={page}&pageSize={pageSize}";
        if (projectId is not null) query += "&projectId=" + Uri.EscapeDataString(projectId);
        if (status is not null) query += "&status=" + Uri.EscapeDataString(status);
        if (runType is not null) query += "&runType=" + Uri.EscapeDataString(runType);
        return SendAsync<NsmlRunList>(HttpMethod.Get, query, null, ct);
    }

    public Task<NsmlRun> GetRunAsync(string projectId, string runName, CancellationToken ct = default) =>
        SendAsync<NsmlRun>(HttpMethod.Get, RunPath(projectId, runName), null, ct);

    public Task<NsmlNodeList> ListNodesAsync(string projectId, string runName, int page = 1, int pageSize = 10, CancellationToken ct = default) =>
        SendAsync<NsmlNodeList>(HttpMethod.Get, $"{RunPath(projectId, runName)}/nodes?page={page}&pageSize={pageSize}", null, ct);

    public Task<NsmlRunChanged> StopRunAsync(string projectId, string runName, CancellationToken ct = default) =>
        SendAsync<NsmlRunChanged>(HttpMethod.Post, $"{RunPath(projectId, runName)}/stop", new { }, ct);

    public Task<NsmlRunChanged> DeleteRunAsync(string projectId, string runName, CancellationToken ct = default) =>
        SendAsync<NsmlRunChanged>(HttpMethod.Delete, RunPath(projectId, runName), null, ct);

    public Task<NsmlServerProductList> ListServerProductsAsync(CancellationToken ct = default) =>
        SendAsync<NsmlServerProductList>(HttpMethod.Get, "/server-products", null, ct);

    public Task<NsmlImageList> ListBaseImagesAsync(CancellationToken ct = default) =>
        SendAsync<NsmlImageList>(HttpMethod.Get, "/images/base", null, ct);

    public Task<NsmlAuthKeyCreated> CreateAuthKeyAsync(string title, string key, CancellationToken ct = default) =>
        SendAsync<NsmlAuthKeyCreated>(HttpMethod.Post, "/auth-keys", new { title, key }, ct);

    public Task<NsmlAuthKeyList> ListAuthKeysAsync(CancellationToken ct = default) =>
        SendAsync<NsmlAuthKeyList>(HttpMethod.Get, "/auth-keys", null, ct);

    public Task<JsonElement> DeleteAuthKeyAsync(string title, string name, CancellationToken ct = default) =>
        SendAsync<JsonElement>(HttpMethod.Delete, $"/auth-keys/title/{Segment(title)}/name/{Segment(name)}", null, ct);

    /// <summary>The run's log from byte <paramref name="offset"/> (at most 1 MiB per call) and where to continue.</summary>
    public async Task<NsmlLogChunk> ReadLogAsync(string projectId, string runName, long offset = 0, CancellationToken ct = default)
    {
        using var response = await _http.GetAsync($"{Base}{RunPath(projectId, runName)}/logs?offset={offset.ToString(CultureInfo.InvariantCulture)}", ct);
        if (!response.IsSuccessStatusCode) throw await JsonApi.ErrorAsync(response, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        var next = response.Headers.TryGetValues("X-Next-Offset", out var values) && long.TryParse(values.First(), CultureInfo.InvariantCulture, out var n)
            ? n : offset + bytes.Length;
        var status = response.Headers.TryGetValues("X-Run-Status", out var statuses) ? statuses.First() : "";
        return new NsmlLogChunk(System.Text.Encoding.UTF8.GetString(bytes), next, status);
    }

    /// <summary>
    /// Tails the run's log like <c>kubectl logs -f</c>: writes what is there, then what comes, until the run has ended
    /// and its log is read to the end. Returns the run as it ended.
    /// </summary>
    public async Task<NsmlRun> FollowLogAsync(string projectId, string runName, Func<string, Task> write, TimeSpan? poll = null,
        long offset = 0, CancellationToken ct = default)
    {
        while (true)
        {
            var chunk = await ReadLogAsync(projectId, runName, offset, ct);
            if (chunk.Text.Length > 0) await write(chunk.Text);
            var ended = chunk.RunStatus is not (NsmlRunStates.Pending or NsmlRunStates.InProgress);
            if (chunk.NextOffset == offset && ended) return await GetRunAsync(projectId, runName, ct);
            var moved = chunk.NextOffset != offset;
            offset = chunk.NextOffset;
            if (!moved) await Task.Delay(poll ?? TimeSpan.FromMilliseconds(500), ct);
        }
    }

    /// <summary>Polls the run until it leaves the pending and in-progress states.</summary>
    public async Task<NsmlRun> WaitForRunAsync(string projectId, string runName, TimeSpan? poll = null, Action<NsmlRun>? progress = null,
        CancellationToken ct = default)
    {
        while (true)
        {
            var run = await GetRunAsync(projectId, runName, ct);
            progress?.Invoke(run);
            if (!run.IsActive) return run;
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(500), ct);
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, Base + path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: JsonApi.Json);
        using var response = await _http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) throw await JsonApi.ErrorAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<T>(JsonApi.Json, ct) ?? throw new JsonException($"{method} {path} answered an empty body.");
    }

    private static string RunPath(string projectId, string runName) => $"/projects/{Segment(projectId)}/runs/{Segment(runName)}";

    private static string Segment(string id) => Uri.EscapeDataString(id);

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
