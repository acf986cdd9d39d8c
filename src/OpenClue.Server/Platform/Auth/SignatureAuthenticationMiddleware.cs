using Microsoft.AspNetCore.Http.Features;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Platform.Auth;

/// <summary>
/// Authenticates every request under the API prefixes with signature v2 (D6) and sets its <see cref="Tenant"/>.
/// All failures answer 401 10100; only clock skew says so, with the server's time.
/// </summary>
public sealed class SignatureAuthenticationMiddleware(
    RequestDelegate next, AccessKeyStore keys, RequestRateLimiter limiter, TimeProvider time,
    ILogger<SignatureAuthenticationMiddleware> log, Hosting.OpenClueOptions options)
{
    public const string TimestampHeader = "x-ncp-apigw-timestamp";
    public const string AccessKeyHeader = "x-ncp-iam-access-key";
    public const string SignatureHeader = "x-ncp-apigw-signature-v2";

    private const string Denied = "The request is not signed with a valid access key (signature v2).";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!RequiresSignature(context.Request.Path))
        {
            await next(context);
            return;
        }
        var headers = context.Request.Headers;
        var timestamp = headers[TimestampHeader].ToString();
        var accessKey = headers[AccessKeyHeader].ToString();
        var signature = headers[SignatureHeader].ToString();
        if (timestamp.Length == 0 || accessKey.Length == 0 || signature.Length == 0)
        {
            await ErrorBodyWriter.WriteAsync(context, ApiError.AccessDenied,
                $"Missing signature headers: {TimestampHeader}, {AccessKeyHeader} and {SignatureHeader} are required.");
            return;
        }
        var now = time.GetUtcNow();
        if (!SignatureV2Verifier.IsTimestampFresh(timestamp, now))
        {
            await ErrorBodyWriter.WriteAsync(context, ApiError.AccessDenied,
                $"The timestamp {timestamp} differs from the server time by more than 5 minutes; server time is " +
                $"{now.ToUnixTimeMilliseconds()} ({now:yyyy-MM-ddTHH:mm:ssZ}). Check the client's clock.");
            return;
        }
        var key = await keys.FindAsync(accessKey, context.RequestAborted);
        var target = RawTarget(context);
        if (key is not { } found ||
            !SignatureV2Verifier.Verify(context.Request.Method.ToUpperInvariant(), target, timestamp, accessKey, found.SecretUtf8, signature))
        {
            log.LogInformation("Signature rejected for access key {AccessKey} on {Target}", Mask(accessKey), target);
            await ErrorBodyWriter.WriteAsync(context, ApiError.AccessDenied, Denied);
            return;
        }
        if (!limiter.TryAcquire(accessKey))
        {
            context.Response.Headers.RetryAfter = "1";
            await ErrorBodyWriter.WriteAsync(context, ApiError.TooManyRequests,
                "Too many requests for this access key; slow down and retry.");
            return;
        }
        context.SetTenant(new Tenant(found.TenantId, accessKey));
        using (log.BeginScope("Tenant:{Tenant}", found.TenantId))
            await next(context);
    }

    private bool RequiresSignature(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/nsml") ||
        (options.MetricsRequireSignature && path.StartsWithSegments("/metrics"));

    /// <summary>The request target exactly as the client sent it (percent-encoding untouched).</summary>
    public static string RawTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw) && raw[0] == '/') return raw;
        return context.Request.PathBase.ToUriComponent() + context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
    }

    private static string Mask(string accessKey) => accessKey.Length <= 6 ? "***" : accessKey[..6] + "***";
}
