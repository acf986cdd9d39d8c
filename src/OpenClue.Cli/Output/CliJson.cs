using System.Text.Encodings.Web;
using System.Text.Json;

namespace OpenClue.Cli.Output;

/// <summary>How results are written with <c>--output json</c>: the API's field names, indented, non-ASCII kept readable.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), Options);

    public static JsonElement ToElement(object value) => JsonSerializer.SerializeToElement(value, value.GetType(), Options);
}
