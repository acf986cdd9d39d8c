using System.Text.Json;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Nsml.Http;

/// <summary>A request body as one JSON object (whatever its Content-Type), at most 1 MiB; anything else is a 400.</summary>
public sealed class NsmlJsonBody : IDisposable
{
    public const int MaxBytes = 1 << 20;

    private readonly JsonDocument _document;

    private NsmlJsonBody(JsonDocument document) => _document = document;

    public JsonElement Root => _document.RootElement;

    public static async Task<NsmlJsonBody> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes) throw InvalidInputException.Parameter($"The request body is larger than {MaxBytes} bytes.");
        }
        if (buffer.Length == 0) throw InvalidInputException.Parameter("The request body is empty; send a JSON object.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw InvalidInputException.Parameter($"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw InvalidInputException.Parameter("The request body must be a JSON object.");
        }
        return new NsmlJsonBody(document);
    }

    public void Dispose() => _document.Dispose();
}
