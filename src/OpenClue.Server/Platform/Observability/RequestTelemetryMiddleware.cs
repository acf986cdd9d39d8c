using System.Diagnostics;
using OpenClue.Server.Platform.Auth;

namespace OpenClue.Server.Platform.Observability;

/// <summary>
/// Counts and times every request by route template (bounded label cardinality) and writes one access-log line
/// per request: method, route, status, duration, tenant (the request id is in the line's scope). Placed outside
/// the error middleware, so the status recorded is the one the client received (a not-found domain error counts
/// as 404, not as the exception it travelled as).
/// </summary>
public sealed class RequestTelemetryMiddleware(RequestDelegate next, OpenClueMetrics metrics, ILoggerFactory loggers)
{
    public const string UnmatchedRoute = "unmatched";
    public const string AccessLogCategory = "OpenClue.AccessLog";
    private const string OtherMethod = "OTHER";

    private static readonly HashSet<string> KnownMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT",
    };

    private readonly ILogger _accessLog = loggers.CreateLogger(AccessLogCategory);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            // An exception escaping here becomes a 500 further out, unless the response was already under way.
            var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var elapsed = Stopwatch.GetElapsedTime(started);
            var method = MethodLabel(context.Request.Method);
            var route = RouteLabel(context);
            metrics.ObserveRequest(method, route, status, elapsed.TotalSeconds);
            if (_accessLog.IsEnabled(LogLevel.Information))
                _accessLog.LogInformation("{Method} {Route} {StatusCode} {ElapsedMs:0.0} ms tenant {Tenant}",
                    method, route, status, elapsed.TotalMilliseconds, context.User.FindFirst(OpenClueClaims.Tenant)?.Value ?? "-");
        }
    }

    // Clients can send any method token; collapse unknown ones so they cannot mint new series.
    private static string MethodLabel(string method) => KnownMethods.TryGetValue(method, out var known) ? known : OtherMethod;

    private static string RouteLabel(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? UnmatchedRoute;
}
