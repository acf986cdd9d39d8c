using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace OpenClue.Server.Platform.Http;

/// <summary>
/// Transport-level answers in the API's own shape: Kestrel writes its 414/431 replies with no body, so its limits are
/// set at twice ours and requests between the two are refused here as unreadable (400, and the surface's error body:
/// D5 10111 for NCLUE); only a request past Kestrel's own limit, or one it cannot parse at all, still gets Kestrel's
/// bare reply. Also: no
/// <c>Server</c> header, and <c>X-Content-Type-Options: nosniff</c> on every response.
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
            await Refuse(context, $"The request target is longer than {MaxTargetBytes} bytes.");
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
            await Refuse(context, $"The request headers exceed {MaxHeaderCount} fields or {MaxHeaderBytes} bytes.");
            return;
        }
        await next(context);
    });

    /// <summary>An unreadable request (400) in the error format of the request's API surface.</summary>
    private static Task Refuse(HttpContext context, string details) =>
        context.RequestServices.GetRequiredService<ApiErrorWriters>().For(context).WriteStatusAsync(context, StatusCodes.Status400BadRequest, details);
}
