using System.Buffers;
using System.Text.Json;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Platform.Http;

/// <summary>
/// A POST body parsed as JSON whatever its Content-Type (D1: NCLUE's own curl examples send none), with
/// field accessors that refuse (<see cref="InvalidInputException"/>) a missing, empty or wrongly typed field.
/// </summary>
public sealed class JsonRequestBody : IDisposable
{
    public const int MaxBytes = 1 << 20;

    /// <summary>
    /// Oversized bodies up to this size are read and discarded before the 413 is sent, so the client, still
    /// sending, receives the answer instead of a connection reset. Larger ones are cut off by Kestrel.
    /// </summary>
    public const int DrainLimit = 8 << 20;

    private readonly JsonDocument _document;

    private JsonRequestBody(JsonDocument document) => _document = document;

    public static async Task<JsonRequestBody> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
        {
            await DrainAsync(request.Body, ct);
            throw TooLarge();
        }
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await request.Body.ReadAsync(memory, ct);
            if (read == 0) break;
            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBytes)
            {
                await DrainAsync(request.Body, ct);
                throw TooLarge();
            }
        }
        if (buffer.WrittenCount == 0)
            throw InvalidInputException.Parameter("The request body is empty; send a JSON object.");
        // JsonDocument does not validate the UTF-8 inside strings; refuse it here rather than fail on reading a field.
        if (!System.Text.Unicode.Utf8.IsValid(buffer.WrittenSpan))
            throw InvalidInputException.Parameter("The request body is not valid UTF-8.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw InvalidInputException.Parameter(
                $"The request body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw InvalidInputException.Parameter("The request body must be a JSON object.");
        }
        return new JsonRequestBody(document);
    }

    /// <summary>A required string field, trimmed; missing, null, empty or non-string is refused as invalid input.</summary>
    public string RequiredString(string field) =>
        OptionalString(field) ?? throw InvalidInputException.Parameter($"The field '{field}' is required and must be a non-empty string.");

    /// <summary>A string field, trimmed, or null when absent, null or empty; a non-string value is refused as invalid input.</summary>
    public string? OptionalString(string field) => Read(field) is { } text && text.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    /// <summary>
    /// A required path field exactly as sent (not trimmed: a path with surrounding blanks is a different path, and
    /// the path rules refuse it rather than silently changing it).
    /// </summary>
    public string RequiredPath(string field) => OptionalPath(field)
        ?? throw InvalidInputException.Parameter($"The field '{field}' is required and must be a non-empty string.");

    /// <summary>A path field exactly as sent, or null when absent, null, empty or only blanks.</summary>
    public string? OptionalPath(string field) => Read(field) is { } text && !string.IsNullOrWhiteSpace(text) ? text : null;

    private string? Read(string field)
    {
        if (!_document.RootElement.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String)
            throw InvalidInputException.Parameter($"The field '{field}' must be a string, not {Describe(value.ValueKind)}.");
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw InvalidInputException.Parameter($"The field '{field}' is not valid Unicode (a lone surrogate escape).");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static async Task DrainAsync(Stream body, CancellationToken ct)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await body.ReadAsync(scratch, ct) > 0) { }
        }
        catch (BadHttpRequestException)
        {
            // Over Kestrel's limit (DrainLimit): the connection is dropped after the answer; nothing more to do.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static InvalidInputException TooLarge() =>
        new(InputProblem.BodyTooLarge, $"The request body is larger than {MaxBytes} bytes.");

    public void Dispose() => _document.Dispose();
}
