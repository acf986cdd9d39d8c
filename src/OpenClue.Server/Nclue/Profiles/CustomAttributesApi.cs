using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Http;

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

    private static async Task<Ok<CustomAttributesCreated>> Create(HttpContext http, CustomAttributeService profiles, CancellationToken ct)
    {
        using var body = await JsonRequestBody.ReadAsync(http.Request, ct);
        return TypedResults.Ok(await profiles.CreateAsync(http.GetTenant(), body, ct));
    }

    private static async Task<Ok<CustomAttributesList>> List(HttpContext http, CustomAttributeQueries profiles, CancellationToken ct) =>
        TypedResults.Ok(await profiles.ListAsync(http.GetTenant(), Paging.From(http.Request), ct));

    private static async Task<Ok<CustomAttributesView>> Get(string profileId, HttpContext http, CustomAttributeQueries profiles, CancellationToken ct) =>
        TypedResults.Ok(await profiles.GetAsync(http.GetTenant(), profileId, ct));

    private static async Task<Ok<ProfileDeleted>> Delete(string profileId, HttpContext http, CustomAttributeService profiles, CancellationToken ct) =>
        TypedResults.Ok(await profiles.DeleteAsync(http.GetTenant(), profileId, ct));
}
