using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OpenClue.Server.Platform.Observability;

/// <summary>
/// Telemetry the standard way: OpenClue's meter and activity source, ASP.NET Core's, Npgsql's and the runtime's
/// meters and traces, through OpenTelemetry. Prometheus scrapes <c>/metrics</c>; OTLP export (metrics and traces)
/// is on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, configured by the standard <c>OTEL_*</c> variables.
/// </summary>
public static class ObservabilityExtensions
{
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddOpenClueObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<OpenClueMetrics>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? "openclue", serviceVersion: Hosting.ServerInfo.Version))
            .WithMetrics(metrics => metrics
                .AddMeter(OpenClueTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddMeter("Npgsql")
                .AddMeter("System.Runtime")
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(OpenClueTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                .AddNpgsql());
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable])) telemetry.UseOtlpExporter();
        return services;
    }

    /// <summary>Place first, so every later middleware and log line sees the request id.</summary>
    public static IApplicationBuilder UseOpenClueRequestIds(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestIdMiddleware>();

    /// <summary>
    /// Place right after the request ids, outside the error middleware: the status recorded is the final one. The
    /// route template is read from the endpoint routing matched, after the rest of the pipeline has run.
    /// </summary>
    public static IApplicationBuilder UseOpenClueRequestTelemetry(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestTelemetryMiddleware>();

    /// <summary>Prometheus text exposition of every meter above.</summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints, string path = "/metrics") =>
        endpoints.MapPrometheusScrapingEndpoint(path);

    // Probes arrive every few seconds from every orchestrator: spans of them would drown the traces that matter.
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/livez") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/metrics");
}
