using System.Text.Json.Serialization;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Nclue.Tasks;

/// <summary>The body of <c>POST /api/v1/tasks</c> (§1.8, D16): its OpenAPI schema, its parser and the service's input.</summary>
public sealed record TaskCreateRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("train_feature_id")] string TrainFeatureId,
    [property: JsonPropertyName("train_bucket")] string TrainBucket,
    [property: JsonPropertyName("train_file_path")] string TrainFilePath,
    [property: JsonPropertyName("test_feature_id")] string? TestFeatureId = null,
    [property: JsonPropertyName("test_bucket")] string? TestBucket = null,
    [property: JsonPropertyName("test_file_path")] string? TestFilePath = null)
{
    /// <summary>Reads the body whatever its Content-Type (D1), checking fields in order: the first problem is the one reported.</summary>
    public static async ValueTask<TaskCreateRequest?> BindAsync(HttpContext context)
    {
        using var body = await JsonRequestBody.ReadAsync(context.Request, context.RequestAborted);
        var name = NameRules.Validate(body.RequiredString("name"));
        var trainFeatureId = body.RequiredString("train_feature_id");
        var trainBucket = body.RequiredString("train_bucket");
        var trainPath = InputChecks.CheckPath(body.RequiredPath("train_file_path"), "train_file_path");
        var testFeatureId = body.OptionalString("test_feature_id");
        var testBucket = body.OptionalString("test_bucket");
        var testPath = body.OptionalPath("test_file_path");
        var testGiven = (testFeatureId is null ? 0 : 1) + (testBucket is null ? 0 : 1) + (testPath is null ? 0 : 1);
        if (testGiven is 1 or 2)
            throw InvalidInputException.Parameter(
                "Give all of test_feature_id, test_bucket and test_file_path, or none of them (then 20% of the train users are held out).");
        if (testPath is not null) InputChecks.CheckPath(testPath, "test_file_path");
        return new TaskCreateRequest(name, trainFeatureId, trainBucket, trainPath, testFeatureId, testBucket, testPath);
    }
}
