using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenClue.Server.Platform.Hosting;

namespace OpenClue.Server.Platform.Health;

/// <summary>
/// Health the Kubernetes way, on ASP.NET Core HealthChecks: <c>/livez</c> (the process answers; no dependency is
/// checked, so a database outage does not restart pods), <c>/readyz</c> (database, job store, storage: 200 or 503
/// with which check failed), and <c>/healthz</c>, kept as an alias of readiness. Every method is answered (HEAD too).
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddOpenClueHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<JobStoreHealthCheck>("job_store", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<StorageHealthCheck>("object_storage", tags: [ReadyTag], timeout: CheckTimeout);
        return services;
    }

    public static IEndpointRouteBuilder MapOpenClueHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/livez", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        var readiness = new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync };
        routes.MapHealthChecks("/readyz", readiness);
        routes.MapHealthChecks("/healthz", readiness);
        return routes;
    }

    /// <summary><c>{"status":"ok"|"unhealthy","version":…,"checks":{"database":"ok"|"failing",…}}</c> (D24).</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        if (HttpMethods.IsHead(context.Request.Method)) return Task.CompletedTask;
        var checks = new Dictionary<string, string>();
        foreach (var (name, entry) in report.Entries) checks[name] = entry.Status == HealthStatus.Healthy ? "ok" : "failing";
        var body = new Dictionary<string, object>
        {
            ["status"] = report.Status == HealthStatus.Healthy ? "ok" : "unhealthy",
            ["version"] = ServerInfo.Version,
            ["checks"] = checks,
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
