using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Nsml.Http;
using OpenClue.Server.Platform.Auth;

namespace OpenClue.Server.Nsml.Keys;

/// <summary><c>/nsml/v1/auth-keys</c> (§4.4).</summary>
public static class AuthKeysApi
{
    public static void MapAuthKeysApi(this RouteGroupBuilder nsml)
    {
        var group = nsml.MapGroup("/auth-keys").WithTags("NSML auth keys");
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapDelete("/title/{title}/name/{keyName}", Delete);
    }

    private static async Task<JsonHttpResult<AuthKeyCreated>> Create(HttpContext http, AuthKeyService keys, CancellationToken ct)
    {
        using var body = await NsmlJsonBody.ReadAsync(http.Request, ct);
        return TypedResults.Json(await keys.CreateAsync(http.GetTenant(), body.Root, ct), NsmlJsonContext.Relaxed.AuthKeyCreated,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<JsonHttpResult<AuthKeyListResponse>> List(HttpContext http, AuthKeyService keys, CancellationToken ct) =>
        TypedResults.Json(await keys.ListAsync(http.GetTenant(), ct), NsmlJsonContext.Relaxed.AuthKeyListResponse);

    private static async Task<JsonHttpResult<AuthKeyDeleted>> Delete(string title, string keyName, HttpContext http, AuthKeyService keys,
        CancellationToken ct) =>
        TypedResults.Json(await keys.DeleteAsync(http.GetTenant(), title, keyName, ct), NsmlJsonContext.Relaxed.AuthKeyDeleted);
}
