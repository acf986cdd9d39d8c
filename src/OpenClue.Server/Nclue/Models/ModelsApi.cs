using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Nclue.Http;
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

    private static async Task<Ok<ModelCreated>> Create(ModelCreateRequest request, Tenant tenant, ModelService models, CancellationToken ct) =>
        TypedResults.Ok(await models.CreateAsync(tenant, request, ct));

    private static async Task<Ok<ModelList>> List(HttpRequest http, Tenant tenant, ModelService models, CancellationToken ct) =>
        TypedResults.Ok(await models.ListAsync(tenant, NcluePaging.From(http), ct));

    private static async Task<Ok<ModelView>> Get(string modelName, Tenant tenant, ModelService models, CancellationToken ct) =>
        TypedResults.Ok(await models.GetAsync(tenant, modelName, ct));

    private static async Task<Ok<ModelView>> Deprecate(string modelName, Tenant tenant, ModelService models, CancellationToken ct) =>
        TypedResults.Ok(await models.DeprecateAsync(tenant, modelName, ct));

    private static async Task<Ok<ModelView>> SetDefault(string modelName, Tenant tenant, ModelService models, CancellationToken ct) =>
        TypedResults.Ok(await models.SetDefaultAsync(tenant, modelName, ct));
}
