using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Nclue.Features;

public static class FeaturesApi
{
    public static RouteGroupBuilder MapFeaturesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/features").WithTags("Features");
        group.MapPost("", Create).WithMetadata(new DocumentedRequestBody(typeof(FeatureCreateRequest)));
        group.MapGet("", List);
        group.MapGet("/{featureId}", Get);
        group.MapDelete("/{featureId}", Delete);
        return group;
    }

    private static async Task<Ok<FeatureCreated>> Create(HttpContext http, FeatureService features, CancellationToken ct)
    {
        using var body = await JsonRequestBody.ReadAsync(http.Request, ct);
        return TypedResults.Ok(await features.CreateAsync(http.GetTenant(), body, ct));
    }

    private static async Task<Ok<FeatureList>> List(HttpContext http, FeatureQueries features, CancellationToken ct) =>
        TypedResults.Ok(await features.ListAsync(http.GetTenant(), Paging.From(http.Request), ct));

    private static async Task<Ok<FeatureView>> Get(string featureId, HttpContext http, FeatureQueries features, CancellationToken ct) =>
        TypedResults.Ok(await features.GetAsync(http.GetTenant(), featureId, ct));

    private static async Task<Ok<FeatureDeleted>> Delete(string featureId, HttpContext http, FeatureService features, CancellationToken ct) =>
        TypedResults.Ok(await features.DeleteAsync(http.GetTenant(), featureId, ct));
}
