using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Nclue.Http;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>Custom-attributes profiles (§1.10).</summary>
public static class CustomAttributesApi
{
    public static RouteGroupBuilder MapCustomAttributesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/profile/custom-attributes").WithTags("Custom attributes");
        group.MapPost("", Create).WithMetadata(new DocumentedRequestBody(typeof(CustomAttributesCreateRequest)));
        group.MapGet("", List);
        group.MapGet("/{profileId}", Get);
        group.MapDelete("/{profileId}", Delete);
        return group;
    }

    private static async Task<Ok<CustomAttributesCreated>> Create(CustomAttributesCreateRequest request, Tenant tenant,
        CustomAttributeService profiles, CancellationToken ct) =>
        TypedResults.Ok(await profiles.CreateAsync(tenant, request, ct));

    private static async Task<Ok<CustomAttributesList>> List(HttpRequest http, Tenant tenant, ResourceQueries<CustomAttributeProfileRecord> profiles,
        TimeZoneClock clock, CancellationToken ct)
    {
        var paging = NcluePaging.From(http);
        var (total, page) = await profiles.PageAsync(tenant, paging, ct);
        return TypedResults.Ok(new CustomAttributesList(paging.Index, paging.Limit, total, page.ConvertAll(item => CustomAttributesView.From(item, clock))));
    }

    private static async Task<Ok<CustomAttributesView>> Get(string profileId, Tenant tenant, ResourceQueries<CustomAttributeProfileRecord> profiles,
        TimeZoneClock clock, CancellationToken ct) =>
        TypedResults.Ok(CustomAttributesView.From(await profiles.GetAsync(tenant, profileId, ct), clock));

    private static async Task<Ok<ProfileDeleted>> Delete(string profileId, Tenant tenant, CustomAttributeService profiles, CancellationToken ct) =>
        TypedResults.Ok(await profiles.DeleteAsync(tenant, profileId, ct));
}
