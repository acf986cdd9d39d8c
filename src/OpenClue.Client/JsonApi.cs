using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenClue.Client;

/// <summary>Sends JSON requests below <c>/api/v1</c> and turns error bodies into <see cref="OpenClueApiException"/>.</summary>
internal sealed class JsonApi(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public Task<T> GetAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Get, path, null, ct);

    public Task<T> DeleteAsync<T>(string path, CancellationToken ct) => SendAsync<T>(HttpMethod.Delete, path, null, ct);

    public Task<T> PostAsync<T>(string path, object? body, CancellationToken ct) => SendAsync<T>(HttpMethod.Post, path, body, ct);

    /// <summary>A non-JSON body (a download), or the API error.</summary>
    public async Task<byte[]> GetBytesAsync(string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode) throw await ErrorAsync(response, ct);
        return await response.Content.ReadFromJsonAsync<T>(Json, ct)
            ?? throw new JsonException($"{method} {path} answered an empty body.");
    }

    internal static async Task<OpenClueApiException> ErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        var requestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.FirstOrDefault() : null;
        var afterRetry = response.RequestMessage?.Options.TryGetValue(RetryPipeline.Attempts, out var attempts) == true && attempts > 1;
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return new OpenClueApiException(response.StatusCode,
                    Text(error, "errorCode") ?? ((int)response.StatusCode).ToString(),
                    Text(error, "message") ?? response.ReasonPhrase ?? "",
                    Text(error, "details"),
                    Text(error, "request_id") ?? requestId)
                { AfterRetry = afterRetry };
            }
        }
        catch (JsonException)
        {
            // Not our error body (a proxy's HTML page, say): fall through and report the text.
        }
        var excerpt = text.Length > 300 ? text[..300] + "…" : text;
        return new OpenClueApiException(response.StatusCode, ((int)response.StatusCode).ToString(),
            response.ReasonPhrase ?? response.StatusCode.ToString(), excerpt.Length == 0 ? null : excerpt, requestId)
        { AfterRetry = afterRetry };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;

    public static string Segment(string id) => Uri.EscapeDataString(id);

    public static string Page(string path, int index, int limit) => $"{path}?index={index}&limit={limit}";
}
