using Microsoft.Extensions.Logging.Console;

namespace OpenClue.Server.Platform.Observability;

/// <summary>
/// Console logging configured the standard way: <c>Logging:Console:FormatterName</c> picks the format (<c>simple</c>
/// by default, one line per entry; <c>json</c> for one JSON object per line), <c>Logging:Console:FormatterOptions</c>
/// and <c>Logging:LogLevel</c> override the defaults set here. Each line of a request carries one request id
/// (ours, in scope): ASP.NET Core's hosting scope, with Kestrel's connection-based id, is left out, and the trace
/// and span ids come from the current activity instead.
/// </summary>
public static class LoggingSetup
{
    public static void ConfigureOpenClueLogging(this WebApplicationBuilder builder)
    {
        // Without a formatter name the console logger falls back to its legacy options and ignores the ones below.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName ??= ConsoleFormatterNames.Simple);
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss ";
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.UseUtcTimestamp = true;
        });
        // The section binds after these defaults, so operators' settings win.
        builder.Services.Configure<SimpleConsoleFormatterOptions>(builder.Configuration.GetSection("Logging:Console:FormatterOptions"));
        builder.Services.Configure<JsonConsoleFormatterOptions>(builder.Configuration.GetSection("Logging:Console:FormatterOptions"));
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        // Framework chatter stays out of the operator's console unless asked for (Logging:LogLevel overrides these).
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
        builder.Logging.AddFilter(typeof(Auth.SignatureV2AuthenticationHandler).FullName, LogLevel.Warning); // "not authenticated" per request
        // The hosting diagnostics logger opens the per-request scope with Kestrel's request id; the access log
        // (RequestTelemetryMiddleware) replaces its request-start and -finish lines.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
    }
}
