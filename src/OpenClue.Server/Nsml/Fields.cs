using System.Text.Json;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Nsml;

/// <summary>Typed reads of a JSON request body's fields; a missing or wrongly typed field is a 400 naming it.</summary>
public static class Fields
{
    public static string RequiredString(JsonElement body, string name) =>
        OptionalString(body, name) ?? throw InvalidInputException.Parameter($"{name} is required.");

    public static string? OptionalString(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw InvalidInputException.Parameter($"{name} must be a string.");
        var text = value.GetString()!;
        return text.Trim().Length == 0 ? null : text;
    }

    public static int RequiredInt(JsonElement body, string name) =>
        OptionalInt(body, name) ?? throw InvalidInputException.Parameter($"{name} is required.");

    public static int? OptionalInt(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            throw InvalidInputException.Parameter($"{name} must be an integer.");
        return number;
    }
}
