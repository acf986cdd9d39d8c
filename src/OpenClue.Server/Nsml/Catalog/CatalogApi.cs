using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Nsml.Http;

namespace OpenClue.Server.Nsml.Catalog;

/// <summary>The read-only catalogues: server products (§4.5) and base/custom images (§4.6), from configuration.</summary>
public static class CatalogApi
{
    public static void MapCatalogApi(this RouteGroupBuilder nsml)
    {
        nsml.MapGet("/server-products", Products).WithTags("NSML catalog");
        nsml.MapGet("/images/base", (ProductCatalog catalog) => Images(catalog.BaseImages)).WithTags("NSML catalog");
        nsml.MapGet("/images/custom", (ProductCatalog catalog) => Images(catalog.CustomImages)).WithTags("NSML catalog");
    }

    private static JsonHttpResult<ServerProductsResponse> Products(ProductCatalog catalog)
    {
        var list = catalog.Products.Select(p => new ServerProductView(p.GpuSvrCode, p.NodeCounts, p.UseType, p.ServerProductCode,
            p.ProductName, p.EngFullName, p.GpusPerNode, p.CpuSlots)).ToList();
        return TypedResults.Json(new ServerProductsResponse(list, list.Count), NsmlJsonContext.Relaxed.ServerProductsResponse);
    }

    private static JsonHttpResult<ImageListResponse> Images(IReadOnlyList<string> images)
    {
        var list = images.Select(i => new ImageView(i, i)).ToList();
        return TypedResults.Json(new ImageListResponse(list, list.Count), NsmlJsonContext.Relaxed.ImageListResponse);
    }
}
