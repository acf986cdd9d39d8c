using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Nclue.Http;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Jobs;

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

    private static async Task<Ok<ShoppingIntentCreated>> Create(ShoppingIntentCreateRequest request, Tenant tenant, ShoppingIntentService profiles,
        CancellationToken ct) =>
        TypedResults.Ok(await profiles.CreateAsync(tenant, request, ct));

    private static async Task<Ok<ShoppingIntentList>> List(HttpRequest http, Tenant tenant, ResourceQueries<ShoppingIntentProfileRecord> profiles,
        TimeZoneClock clock, CancellationToken ct)
    {
        var paging = NcluePaging.From(http);
        var (total, page) = await profiles.PageAsync(tenant, paging, ct);
        return TypedResults.Ok(new ShoppingIntentList(paging.Index, paging.Limit, total, page.ConvertAll(item => ShoppingIntentView.From(item, clock))));
    }

    private static async Task<Ok<ShoppingIntentView>> Get(string profileId, Tenant tenant, ResourceQueries<ShoppingIntentProfileRecord> profiles,
        TimeZoneClock clock, CancellationToken ct) =>
        TypedResults.Ok(ShoppingIntentView.From(await profiles.GetAsync(tenant, profileId, ct), clock));

    private static async Task<Ok<ProfileDeleted>> Delete(string profileId, Tenant tenant, ShoppingIntentService profiles, CancellationToken ct) =>
        TypedResults.Ok(await profiles.DeleteAsync(tenant, profileId, ct));

    /// <summary>The TSV itself, no JSON wrapper; saved by clients as <c>{profile_id}.tsv</c> (§1.11).</summary>
    private static async Task<FileStreamHttpResult> Download(string profileId, Tenant tenant, ShoppingIntentService profiles, CancellationToken ct) =>
        TypedResults.Stream(await profiles.OpenResultAsync(tenant, profileId, ct), TsvContentType, $"{profileId}.tsv");
}
