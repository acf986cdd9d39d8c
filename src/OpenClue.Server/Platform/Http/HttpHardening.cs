using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OpenClue.Server.Platform.Http;

/// <summary>
/// Transport-level answers in the API's own shape. Kestrel writes its own 400/414/431 replies with no body, before any
/// middleware or status-code handling runs (it offers no hook for them), so its limits are set at twice ours and a
/// request between the two is refused here with the true status and the surface's error body: 414 (NCLUE: D5 10119)
/// for a long target, 431 (10120) for oversized headers. Only a request past Kestrel's own limit, or one it cannot
/// parse at all, still gets Kestrel's bare reply. Also: no <c>Server</c> header, and
/// <c>X-Content-Type-Options: nosniff</c> on every response.
/// </summary>
public static class HttpHardening
{
    public const int MaxTargetBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;
    public const int MaxHeaderCount = 100;

    public static void ConfigureKestrel(KestrelServerOptions kestrel)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestLineSize = 2 * MaxTargetBytes;
        kestrel.Limits.MaxRequestHeadersTotalSize = 2 * MaxHeaderBytes;
        kestrel.Limits.MaxRequestHeaderCount = 2 * MaxHeaderCount;
    }

    public static IApplicationBuilder UseHttpHardening(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (target.Length > MaxTargetBytes)
        {
            await Refuse(context, StatusCodes.Status414UriTooLong, $"The request target is longer than {MaxTargetBytes} bytes; shorten the query.");
            return;
        }
        long headerBytes = 0;
        foreach (var (name, values) in context.Request.Headers)
        {
            headerBytes += name.Length;
            foreach (var value in values) headerBytes += value?.Length ?? 0;
        }
        if (context.Request.Headers.Count > MaxHeaderCount || headerBytes > MaxHeaderBytes)
        {
            await Refuse(context, StatusCodes.Status431RequestHeaderFieldsTooLarge,
                $"The request headers exceed {MaxHeaderCount} fields or {MaxHeaderBytes} bytes.");
            return;
        }
        await next(context);
    });

    /// <summary>A request over a transport limit, in the error format of the request's API surface.</summary>
    private static Task Refuse(HttpContext context, int status, string details) =>
        context.RequestServices.GetRequiredService<ApiErrorWriters>().For(context).WriteStatusAsync(context, status, details);
}
