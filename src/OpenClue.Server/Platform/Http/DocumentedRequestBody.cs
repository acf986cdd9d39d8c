using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OpenClue.Server.Platform.Http;

/// <summary>
/// Describes a POST body in the OpenAPI document without <c>Accepts</c> metadata, which would make routing refuse
/// bodies sent without a JSON Content-Type (NCLUE's own curl examples send none, D1).
/// </summary>
public sealed record DocumentedRequestBody(Type Type)
{
    public static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var body = context.Description.ActionDescriptor.EndpointMetadata.OfType<DocumentedRequestBody>().FirstOrDefault();
        if (body is null) return;
        var schema = await context.GetOrCreateSchemaAsync(body.Type, null, ct);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
        };
    }
}
