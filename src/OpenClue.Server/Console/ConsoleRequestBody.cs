using System.Text.Json;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.WebConsole;

/// <summary>
/// A console form as the request body the application services take, so a form is validated exactly as the same
/// POST to the API would be (same messages, same codes). Blank fields are left out, as an API client would.
/// </summary>
public static class ConsoleRequestBody
{
    public static async Task<JsonRequestBody> FromFormAsync(IReadOnlyDictionary<string, string?> fields, CancellationToken ct)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(
            fields.Where(f => !string.IsNullOrWhiteSpace(f.Value)).ToDictionary(f => f.Key, f => f.Value!),
            ConsoleJsonContext.Default.DictionaryStringString);
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(json);
        context.Request.ContentLength = json.Length;
        return await JsonRequestBody.ReadAsync(context.Request, ct);
    }
}
