using System.Text.Json;

namespace OpenClue.Server.WebConsole;

/// <summary>
/// A console form as the request the application services take, bound by the request record's own parser from the
/// JSON body an API client would send, so a form is validated exactly as the same POST to the API (same messages,
/// same fields). Blank fields are left out, as an API client would.
/// </summary>
public static class ConsoleRequestBody
{
    public static async Task<T> BindAsync<T>(IReadOnlyDictionary<string, string?> fields, Func<HttpContext, ValueTask<T?>> bind,
        CancellationToken ct) where T : class
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(
            fields.Where(f => !string.IsNullOrWhiteSpace(f.Value)).ToDictionary(f => f.Key, f => f.Value!),
            ConsoleJsonContext.Default.DictionaryStringString);
        var context = new DefaultHttpContext { RequestAborted = ct };
        context.Request.Body = new MemoryStream(json);
        context.Request.ContentLength = json.Length;
        return await bind(context) ?? throw new InvalidOperationException($"{typeof(T).Name} bound to nothing.");
    }
}
