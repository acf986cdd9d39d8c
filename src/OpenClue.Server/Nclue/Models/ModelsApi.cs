using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Nclue.Models;

/// <summary>Extension endpoints: the NCLUE models a tenant can build features with.</summary>
public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/models").WithTags("Models");
        group.MapPost("", Create).WithMetadata(new DocumentedRequestBody(typeof(ModelCreateRequest)));
        group.MapGet("", List);
        group.MapGet("/{modelName}", Get);
        group.MapPost("/{modelName}/deprecate", Deprecate);
        group.MapPost("/{modelName}/default", SetDefault);
        return group;
    }

    private static async Task<Ok<ModelCreated>> Create(HttpContext http, ModelService models, CancellationToken ct)
    {
        using var body = await JsonRequestBody.ReadAsync(http.Request, ct);
        return TypedResults.Ok(await models.CreateAsync(http.GetTenant(), body, ct));
    }

    private static async Task<Ok<ModelList>> List(HttpContext http, ModelService models, CancellationToken ct) =>
        TypedResults.Ok(await models.ListAsync(http.GetTenant(), Paging.From(http.Request), ct));

    private static async Task<Ok<ModelView>> Get(string modelName, HttpContext http, ModelService models, CancellationToken ct) =>
        TypedResults.Ok(await models.GetAsync(http.GetTenant(), modelName, ct));

    private static async Task<Ok<ModelView>> Deprecate(string modelName, HttpContext http, ModelService models, CancellationToken ct) =>
        TypedResults.Ok(await models.DeprecateAsync(http.GetTenant(), modelName, ct));

    private static async Task<Ok<ModelView>> SetDefault(string modelName, HttpContext http, ModelService models, CancellationToken ct) =>
        TypedResults.Ok(await models.SetDefaultAsync(http.GetTenant(), modelName, ct));
}
