using System.Security.Cryptography;
using System.Text;
using OpenClue.Server.Platform.Auth;

namespace OpenClue.Server.Nsml.Http;

/// <summary>
/// The <c>/nsml/v1</c> route group: signature v2 with the same keys and tenants as NCLUE (the tenant policy), then the
/// optional API Gateway key; errors are written by <see cref="NsmlErrorWriter"/> (the surface of <c>/nsml</c>).
/// </summary>
public static class NsmlEndpoints
{
    public const string PathPrefix = "/nsml";
    public const string ApiKeyHeader = "x-ncp-apigw-api-key";

    public static RouteGroupBuilder MapNsmlGroup(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(PathPrefix + "/v1").WithTags("NSML").RequireAuthorization(SignedRequests.TenantPolicy);
        group.AddEndpointFilter(async (context, next) =>
        {
            var denied = ApiKeyDenial(context.HttpContext);
            if (denied is null) return await next(context);
            await NsmlErrorWriter.WriteAsync(context.HttpContext, NsmlError.ApiKeyDenied, denied);
            return Results.Empty;
        });
        return group;
    }

    /// <summary>Null when no product key is configured or the request carries one of them; else why it is refused.</summary>
    private static string? ApiKeyDenial(HttpContext http)
    {
        var keys = http.RequestServices.GetRequiredService<NsmlOptions>().ApiKeys;
        if (keys.Count == 0) return null;
        var given = http.Request.Headers[ApiKeyHeader].ToString();
        if (given.Length == 0) return $"The {ApiKeyHeader} header is required by this server.";
        foreach (var key in keys)
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(given))) return null;
        return $"The {ApiKeyHeader} header does not hold an API key of this server.";
    }
}
