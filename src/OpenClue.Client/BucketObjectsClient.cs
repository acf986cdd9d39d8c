using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenClue.Client.Contracts;

namespace OpenClue.Client;

/// <summary>
/// <c>/api/v1/buckets/{bucket}/objects</c> (OpenClue's D25): objects in the buckets the key may use, streamed both ways,
/// so a client that cannot reach the server's storage (its local bucket folders) still reads datasets in and results out.
/// </summary>
public sealed class BucketObjectsClient
{
    private readonly JsonApi _api;
    private readonly HttpClient _transfers;

    /// <param name="transfers">For uploads and downloads: its timeout bounds a whole transfer, so <see cref="OpenClueClient.Create"/> gives it none.</param>
    internal BucketObjectsClient(JsonApi api, HttpClient transfers)
    {
        _api = api;
        _transfers = transfers;
    }

    /// <summary>
    /// Uploads <paramref name="content"/> from its current position to its end. The server makes it visible only whole;
    /// a retry (after 429, 503 or a lost connection) needs a seekable stream.
    /// </summary>
    public async Task<ObjectInfo> UploadAsync(string bucket, string path, Stream content, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var request = new HttpRequestMessage(HttpMethod.Put, ObjectPath(bucket, path)) { Content = new StreamContent(content, 1 << 16) };
        request.Content.Headers.ContentType = new("application/octet-stream");
        using var response = await _transfers.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) throw await JsonApi.ErrorAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<ObjectInfo>(JsonApi.Json, ct)
            ?? throw new JsonException($"PUT {ObjectPath(bucket, path)} answered an empty body.");
    }

    public async Task<ObjectInfo> UploadFileAsync(string bucket, string path, string localFile, CancellationToken ct = default)
    {
        await using var file = new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return await UploadAsync(bucket, path, file, ct);
    }

    /// <summary>Opens the object for reading; the bytes come as they are read.</summary>
    public async Task<ObjectDownload> OpenReadAsync(string bucket, string path, CancellationToken ct = default)
    {
        var response = await _transfers.GetAsync(ObjectPath(bucket, path), HttpCompletionOption.ResponseHeadersRead, ct);
        try
        {
            if (!response.IsSuccessStatusCode) throw await JsonApi.ErrorAsync(response, ct);
            return new ObjectDownload(response, await response.Content.ReadAsStreamAsync(ct));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Copies the object into <paramref name="destination"/>; an <see cref="OpenClueApiException"/> comes before any byte is written.</summary>
    public async Task DownloadToAsync(string bucket, string path, Stream destination, CancellationToken ct = default)
    {
        await using var download = await OpenReadAsync(bucket, path, ct);
        await download.Content.CopyToAsync(destination, ct);
    }

    /// <summary>The object's size, ETag and modification time (HEAD), or null when there is no such object for this key.</summary>
    public async Task<(long Size, string? ETag, DateTimeOffset? LastModified)?> GetInfoAsync(string bucket, string path, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, ObjectPath(bucket, path));
        using var response = await _transfers.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw await JsonApi.ErrorAsync(response, ct);
        return (response.Content.Headers.ContentLength ?? 0, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified);
    }

    public Task<ObjectDeleted> DeleteAsync(string bucket, string path, CancellationToken ct = default) =>
        _api.DeleteAsync<ObjectDeleted>(ObjectPath(bucket, path), ct);

    /// <summary>A page of the objects whose paths start with <paramref name="prefix"/>, in path order.</summary>
    public Task<ObjectList> ListAsync(string bucket, string prefix = "", int index = 0, int limit = 20, CancellationToken ct = default) =>
        _api.GetAsync<ObjectList>($"{JsonApi.Page(ListPath(bucket), index, limit)}&prefix={Uri.EscapeDataString(prefix)}", ct);

    /// <summary>A page of the objects after <paramref name="after"/> (empty: the first page), in path order; nothing is counted.</summary>
    public Task<ObjectList> ListAfterAsync(string bucket, string prefix = "", string after = "", int limit = Paging.MaxLimit, CancellationToken ct = default) =>
        _api.GetAsync<ObjectList>(
            $"{ListPath(bucket)}?limit={limit}&prefix={Uri.EscapeDataString(prefix)}&after={Uri.EscapeDataString(after)}", ct);

    /// <summary>Every object under <paramref name="prefix"/>, paged by path so no page walks the whole folder.</summary>
    public async IAsyncEnumerable<ObjectListItem> ListAllAsync(string bucket, string prefix = "", int pageSize = Paging.MaxLimit,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? after = "";
        while (after is not null)
        {
            var page = await ListAfterAsync(bucket, prefix, after, pageSize, ct);
            foreach (var item in page.Objects) yield return item;
            after = page.NextAfter;
        }
    }

    private static string ListPath(string bucket) => $"api/v1/buckets/{JsonApi.Segment(bucket)}/objects";

    /// <summary>Each segment of the path escaped on its own, so '/' still separates folders.</summary>
    private static string ObjectPath(string bucket, string path) =>
        $"{ListPath(bucket)}/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";
}
