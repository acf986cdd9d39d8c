namespace OpenClue.Server.WebConsole;

/// <summary>Browser hardening for console responses (and no JSON error bodies): scripts and styles only from the server, no framing (pages are not cached: each carries an anti-forgery token, which sets no-store).</summary>
internal static class ConsoleHeaders
{
    public static Task AddAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Path.StartsWithSegments("/console"))
        {
            // Console pages answer their own 404s and form errors in HTML; the API's JSON status pages stay out of it.
            if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusPages) statusPages.Enabled = false;
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy =
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
        }
        return next(context);
    }
}
