using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Nsml.Http;
using OpenClue.Server.Platform.Auth;

namespace OpenClue.Server.Nsml.Images;

/// <summary><c>/nsml/v1/images/secret</c>: image repositories (§4.6).</summary>
public static class ImageRepositoriesApi
{
    public static void MapImageRepositoriesApi(this RouteGroupBuilder nsml)
    {
        var group = nsml.MapGroup("/images/secret").WithTags("NSML image repositories");
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapDelete("", Delete);
    }

    private static async Task<JsonHttpResult<RegistryCreated>> Create(HttpContext http, RegistryService registries, CancellationToken ct)
    {
        using var body = await NsmlJsonBody.ReadAsync(http.Request, ct);
        return TypedResults.Json(await registries.CreateAsync(http.GetTenant(), body.Root, ct), NsmlJsonContext.Relaxed.RegistryCreated,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<JsonHttpResult<DockerCredentialsResponse>> List(HttpContext http, RegistryService registries, CancellationToken ct) =>
        TypedResults.Json(await registries.ListAsync(http.GetTenant(), ct), NsmlJsonContext.Relaxed.DockerCredentialsResponse);

    private static async Task<JsonHttpResult<RegistryDeleted>> Delete(HttpContext http, RegistryService registries, CancellationToken ct) =>
        TypedResults.Json(await registries.DeleteAsync(http.GetTenant(), http.Request.Query["privateEp"].ToString(), ct),
            NsmlJsonContext.Relaxed.RegistryDeleted);
}
