using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>Shopping-intent profiles (§1.11) and their download (D21).</summary>
public static class ShoppingIntentsApi
{
    public const string TsvContentType = "text/tab-separated-values";

    public static void MapShoppingIntentsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/profile/shopping-intents").WithTags("Shopping intents");
        group.MapPost("", Create).WithMetadata(new DocumentedRequestBody(typeof(ShoppingIntentCreateRequest)));
        group.MapGet("", List);
        group.MapGet("/{profileId}", Get);
        group.MapDelete("/{profileId}", Delete);
        routes.MapGet("/api/v1/profile/shopping-intents-download/{profileId}", Download).WithTags("Shopping intents");
    }

    private static async Task<Ok<ShoppingIntentCreated>> Create(HttpContext http, ShoppingIntentService profiles, CancellationToken ct)
    {
        using var body = await JsonRequestBody.ReadAsync(http.Request, ct);
        return TypedResults.Ok(await profiles.CreateAsync(http.GetTenant(), body, ct));
    }

    private static async Task<Ok<ShoppingIntentList>> List(HttpContext http, ShoppingIntentQueries profiles, CancellationToken ct) =>
        TypedResults.Ok(await profiles.ListAsync(http.GetTenant(), Paging.From(http.Request), ct));

    private static async Task<Ok<ShoppingIntentView>> Get(string profileId, HttpContext http, ShoppingIntentQueries profiles, CancellationToken ct) =>
        TypedResults.Ok(await profiles.GetAsync(http.GetTenant(), profileId, ct));

    private static async Task<Ok<ProfileDeleted>> Delete(string profileId, HttpContext http, ShoppingIntentService profiles, CancellationToken ct) =>
        TypedResults.Ok(await profiles.DeleteAsync(http.GetTenant(), profileId, ct));

    /// <summary>The TSV itself, no JSON wrapper; saved by clients as <c>{profile_id}.tsv</c> (§1.11).</summary>
    private static async Task<FileStreamHttpResult> Download(string profileId, HttpContext http, ShoppingIntentService profiles, CancellationToken ct) =>
        TypedResults.Stream(await profiles.OpenResultAsync(http.GetTenant(), profileId, ct), TsvContentType, $"{profileId}.tsv");
}
