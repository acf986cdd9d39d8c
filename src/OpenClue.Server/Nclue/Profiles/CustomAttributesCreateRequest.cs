using System.Text.Json.Serialization;
using OpenClue.Modeling.Profiles;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>
/// The body of <c>POST /api/v1/profile/custom-attributes</c> (§1.10): its OpenAPI schema, its parser and the service's
/// input. <see cref="KeywordSet"/> is the parsed set (≤ 1,000 characters, <c>\n</c>-separated; else 400 10111).
/// </summary>
public sealed record CustomAttributesCreateRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("keyword_set")] string KeywordSet,
    [property: JsonPropertyName("result_bucket")] string ResultBucket,
    [property: JsonPropertyName("result_file_path")] string ResultFilePath)
{
    [JsonIgnore] public KeywordSet Keywords { get; private init; } = null!;

    /// <summary>Reads the body whatever its Content-Type (D1), checking fields in order: the first problem is the one reported.</summary>
    public static async ValueTask<CustomAttributesCreateRequest?> BindAsync(HttpContext context)
    {
        using var body = await JsonRequestBody.ReadAsync(context.Request, context.RequestAborted);
        var name = NameRules.Validate(body.RequiredString("name"));
        var featureId = body.RequiredString("feature_id");
        var raw = body.RequiredPath("keyword_set"); // as sent: blank lines and spaces are the parser's to judge
        var keywords = Modeling.Profiles.KeywordSet.TryParse(raw, out var error)
            ?? throw new InvalidInputException(InputProblem.Invalid, error, "keyword_set");
        var bucket = body.RequiredString("result_bucket");
        var path = InputChecks.CheckPath(body.RequiredPath("result_file_path"), "result_file_path");
        return new CustomAttributesCreateRequest(name, featureId, raw, bucket, path) { Keywords = keywords };
    }
}
