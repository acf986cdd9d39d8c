using System.Text.Json.Serialization;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Nclue.Features;

/// <summary>The body of <c>POST /api/v1/features</c> (§1.7, D13): its OpenAPI schema, its parser and the service's input.</summary>
public sealed record FeatureCreateRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("source_bucket")] string SourceBucket,
    [property: JsonPropertyName("source_file_path")] string SourceFilePath,
    [property: JsonPropertyName("nclue_model_name")] string? NclueModelName = null)
{
    /// <summary>Reads the body whatever its Content-Type (D1), checking fields in order: the first problem is the one reported.</summary>
    public static async ValueTask<FeatureCreateRequest?> BindAsync(HttpContext context)
    {
        using var body = await JsonRequestBody.ReadAsync(context.Request, context.RequestAborted);
        var name = NameRules.Validate(body.RequiredString("name"));
        var bucket = body.RequiredString("source_bucket");
        var path = InputChecks.CheckPath(body.RequiredPath("source_file_path"), "source_file_path");
        return new FeatureCreateRequest(name, bucket, path, body.OptionalString("nclue_model_name"));
    }
}
