using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Nsml.Api;

/// <summary>
/// The <c>/nsml/v1</c> route group: signature v2 already checked by the server's middleware (same keys and tenants
/// as NCLUE); here the optional API Gateway key and the N7 error bodies.
/// </summary>
public static class NsmlEndpoints
{
    public const string ApiKeyHeader = "x-ncp-apigw-api-key";

    public static RouteGroupBuilder MapNsmlGroup(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/nsml/v1").WithTags("NSML");
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            try
            {
                CheckApiKey(http);
                return await next(context);
            }
            catch (NsmlException ex)
            {
                await ErrorBodyWriter.WriteAsync(http, new ApiError(ex.Error.Status, ex.Error.Code, ex.Error.Message), ex.Message);
                return Results.Empty;
            }
        });
        return group;
    }

    private static void CheckApiKey(HttpContext http)
    {
        var keys = http.RequestServices.GetRequiredService<NsmlOptions>().ApiKeys;
        if (keys.Count == 0) return;
        var given = http.Request.Headers[ApiKeyHeader].ToString();
        if (given.Length == 0)
            throw new NsmlException(NsmlError.ApiKeyDenied, $"The {ApiKeyHeader} header is required by this server.");
        foreach (var key in keys)
            if (System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(key), System.Text.Encoding.UTF8.GetBytes(given)))
                return;
        throw new NsmlException(NsmlError.ApiKeyDenied, $"The {ApiKeyHeader} header does not hold an API key of this server.");
    }
}
