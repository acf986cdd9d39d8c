namespace OpenClue.Server.Platform.Observability;

/// <summary>Wires request ids, request metrics and the /metrics endpoint into the host.</summary>
public static class ObservabilityExtensions
{
    public static IServiceCollection AddOpenClueObservability(this IServiceCollection services)
    {
        services.AddSingleton<MetricsRegistry>();
        return services;
    }

    /// <summary>Place first, so every later middleware and log line sees the request id.</summary>
    public static IApplicationBuilder UseOpenClueRequestIds(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestIdMiddleware>();

    /// <summary>
    /// Place after UseRouting() (WebApplication routes first when UseRouting is not called explicitly):
    /// the route template is read from the matched endpoint.
    /// </summary>
    public static IApplicationBuilder UseOpenClueRequestMetrics(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestMetricsMiddleware>();

    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints, string path = "/metrics") =>
        endpoints.MapGet(path, (MetricsRegistry metrics) => Results.Text(metrics.Render(), PrometheusText.ContentType));
}
