using System.Text.Json.Serialization;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>The body of <c>POST /api/v1/profile/shopping-intents</c> (§1.11): its OpenAPI schema, its parser and the service's input.</summary>
public sealed record ShoppingIntentCreateRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("task_id")] string TaskId)
{
    public static async ValueTask<ShoppingIntentCreateRequest?> BindAsync(HttpContext context)
    {
        using var body = await JsonRequestBody.ReadAsync(context.Request, context.RequestAborted);
        var name = NameRules.Validate(body.RequiredString("name"));
        return new ShoppingIntentCreateRequest(name, body.RequiredString("task_id"));
    }
}
