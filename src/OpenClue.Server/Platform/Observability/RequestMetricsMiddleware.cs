using System.Diagnostics;

namespace OpenClue.Server.Platform.Observability;

/// <summary>
/// Records count and duration of every request, labelled by route template rather than raw path
/// so label cardinality stays bounded. Must run after routing so the endpoint is known.
/// </summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, MetricsRegistry metrics)
{
    public const string UnmatchedRoute = "unmatched";
    private const string OtherMethod = "OTHER";

    private static readonly HashSet<string> KnownMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT",
    };

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
            metrics.ObserveRequest(MethodLabel(context.Request.Method), RouteLabel(context), status,
                Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    // Clients can send any method token; collapse unknown ones so they cannot mint new series.
    private static string MethodLabel(string method) =>
        KnownMethods.TryGetValue(method, out var known) ? known : OtherMethod;

    private static string RouteLabel(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? UnmatchedRoute;
}
