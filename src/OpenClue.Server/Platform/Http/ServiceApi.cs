using OpenClue.Server.Platform.Hosting;

namespace OpenClue.Server.Platform.Http;

/// <summary>Unsigned service endpoints: what this is (<c>GET /</c>) and where to look next (health, OpenAPI, metrics; health itself is <see cref="OpenClue.Server.Platform.Health.HealthEndpoints"/>).</summary>
public static class ServiceApi
{
    public static IEndpointRouteBuilder MapServiceApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => TypedResults.Ok(new
        {
            name = "OpenClue",
            description = "Self-hosted, API-compatible NCLUE (behaviour features, tasks, task runs).",
            version = ServerInfo.Version,
            api = "/api/v1",
            openapi = "/openapi/v1.json",
            health = "/healthz",
            liveness = "/livez",
            readiness = "/readyz",
            metrics = "/metrics",
        })).ExcludeFromDescription();
        return routes;
    }
}
