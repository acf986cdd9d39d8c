using System.Text.Json.Serialization;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Nclue.Models;

/// <summary>The body of <c>POST /api/v1/models</c>: its OpenAPI schema, its parser and the service's input.</summary>
public sealed record ModelCreateRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("source_bucket")] string SourceBucket,
    [property: JsonPropertyName("source_file_path")] string SourceFilePath)
{
    /// <summary>Reads the body whatever its Content-Type (D1), checking fields in order: the first problem is the one reported.</summary>
    public static async ValueTask<ModelCreateRequest?> BindAsync(HttpContext context)
    {
        using var body = await JsonRequestBody.ReadAsync(context.Request, context.RequestAborted);
        var name = ValidateName(body.RequiredString("name"));
        var bucket = body.RequiredString("source_bucket");
        var path = InputChecks.CheckPath(body.RequiredPath("source_file_path"), "source_file_path");
        return new ModelCreateRequest(name, bucket, path);
    }

    private static string ValidateName(string name)
    {
        if (name.Length > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw InvalidInputException.Parameter("A model name is 1-100 characters of letters, digits, '-', '_' or '.' (it appears in URLs).");
        return name;
    }
}
