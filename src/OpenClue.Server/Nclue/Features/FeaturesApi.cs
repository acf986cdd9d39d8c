using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Nclue.Http;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Jobs;

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

    private static async Task<Ok<FeatureCreated>> Create(FeatureCreateRequest request, Tenant tenant, FeatureService features, CancellationToken ct) =>
        TypedResults.Ok(await features.CreateAsync(tenant, request, ct));

    private static async Task<Ok<FeatureList>> List(HttpRequest http, Tenant tenant, ResourceQueries<FeatureRecord> features, TimeZoneClock clock, CancellationToken ct)
    {
        var paging = NcluePaging.From(http);
        var (total, page) = await features.PageAsync(tenant, paging, ct);
        return TypedResults.Ok(new FeatureList(paging.Index, paging.Limit, total, page.ConvertAll(item => FeatureView.From(item, clock))));
    }

    private static async Task<Ok<FeatureView>> Get(string featureId, Tenant tenant, ResourceQueries<FeatureRecord> features, TimeZoneClock clock, CancellationToken ct) =>
        TypedResults.Ok(FeatureView.From(await features.GetAsync(tenant, featureId, ct), clock));

    private static async Task<Ok<FeatureDeleted>> Delete(string featureId, Tenant tenant, FeatureService features, CancellationToken ct) =>
        TypedResults.Ok(await features.DeleteAsync(tenant, featureId, ct));
}
