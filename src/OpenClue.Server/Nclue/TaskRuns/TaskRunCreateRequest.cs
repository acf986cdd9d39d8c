using System.Text.Json.Serialization;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Nclue.TaskRuns;

/// <summary>The body of <c>POST /api/v1/task-runs</c> (§1.9): its OpenAPI schema, its parser and the service's input.</summary>
public sealed record TaskRunCreateRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("feature_id")] string FeatureId,
    [property: JsonPropertyName("result_bucket")] string ResultBucket,
    [property: JsonPropertyName("result_file_path")] string ResultFilePath)
{
    /// <summary>Reads the body whatever its Content-Type (D1), checking fields in order: the first problem is the one reported.</summary>
    public static async ValueTask<TaskRunCreateRequest?> BindAsync(HttpContext context)
    {
        using var body = await JsonRequestBody.ReadAsync(context.Request, context.RequestAborted);
        var name = NameRules.Validate(body.RequiredString("name"));
        var taskId = body.RequiredString("task_id");
        var featureId = body.RequiredString("feature_id");
        var bucket = body.RequiredString("result_bucket");
        var path = InputChecks.CheckPath(body.RequiredPath("result_file_path"), "result_file_path");
        return new TaskRunCreateRequest(name, taskId, featureId, bucket, path);
    }
}
