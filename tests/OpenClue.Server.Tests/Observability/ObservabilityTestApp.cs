using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenClue.Server.Platform.Observability;

namespace OpenClue.Server.Tests.Observability;

/// <summary>A minimal in-memory app wired the way the server wires observability, independent of Program.cs.</summary>
internal sealed class ObservabilityTestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ObservabilityTestApp(WebApplication app) => _app = app;

    public LogCapture Logs { get; } = new();

    public HttpClient Client => _app.GetTestClient();

    /// <summary>The Prometheus text the app serves at /metrics right now.</summary>
    public Task<string> ScrapeAsync() => Client.GetStringAsync("/metrics");

    public static async Task<ObservabilityTestApp> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddOpenClueObservability(builder.Configuration);

        var app = builder.Build();
        var testApp = new ObservabilityTestApp(app);
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(testApp.Logs);

        app.UseOpenClueRequestIds();
        app.UseOpenClueRequestTelemetry();
        app.UseRouting();
        app.MapMetrics();
        app.MapGet("/items/{id}", (string id) => id);
        app.MapGet("/trace-id", (HttpContext context) => context.TraceIdentifier);
        app.MapGet("/log", (ILoggerFactory loggers) =>
        {
            loggers.CreateLogger("Endpoint").LogInformation("handled");
            return "ok";
        });
        app.MapGet("/boom", string () => throw new InvalidOperationException("boom"));
        app.MapGet("/missing", IResult () => Results.NotFound());

        await app.StartAsync();
        return testApp;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
