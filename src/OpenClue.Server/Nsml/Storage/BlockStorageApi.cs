using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Nsml.Http;

namespace OpenClue.Server.Nsml.Storage;

/// <summary>
/// <c>GET /blk-storages</c> (§4.7). A self-hosted server has no block storage product: the list is empty, with the
/// documented shape and paging rules, and a run naming a block storage number is refused (400).
/// </summary>
public static class BlockStorageApi
{
    public static void MapBlockStorageApi(this RouteGroupBuilder nsml) =>
        nsml.MapGet("/blk-storages", List).WithTags("NSML block storage");

    private static JsonHttpResult<BlockStorageListResponse> List(HttpRequest request)
    {
        var paging = NsmlPagingQuery.From(request);
        return TypedResults.Json(new BlockStorageListResponse(paging.Page, paging.PageSize, 0, []), NsmlJsonContext.Relaxed.BlockStorageListResponse);
    }
}
