using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Platform.Auth;

/// <summary>
/// Signature v2 (D6) as an ASP.NET Core authentication scheme: a valid signature yields a principal with the tenant
/// and access key (<see cref="OpenClueClaims"/>). A challenge answers 401 in the surface's error format; only clock
/// skew says why, with the server's time.
/// </summary>
public sealed class SignatureV2AuthenticationHandler(
    IOptionsMonitor<SignatureV2Options> options, ILoggerFactory logger, UrlEncoder encoder, AccessKeyStore keys, TimeProvider clock,
    ApiErrorWriters errors, AuthFailureLimiter failures, RejectionLog rejections, Hosting.OpenClueOptions settings)
    : AuthenticationHandler<SignatureV2Options>(options, logger, encoder)
{
    public const string TimestampHeader = "x-ncp-apigw-timestamp";
    public const string AccessKeyHeader = "x-ncp-iam-access-key";
    public const string SignatureHeader = "x-ncp-apigw-signature-v2";

    /// <summary>The category of this scheme's own log lines; the base class's per-request chatter is filtered out.</summary>
    public const string LogCategory = "OpenClue.Server.Platform.Auth.SignatureV2";

    private const string Denied = "The request is not signed with a valid access key (signature v2).";

    private readonly ILogger _log = logger.CreateLogger(LogCategory);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Options.Guards(Request.Path)) return AuthenticateResult.NoResult();
        var headers = Request.Headers;
        var timestamp = headers[TimestampHeader].ToString();
        var accessKey = headers[AccessKeyHeader].ToString();
        var signature = headers[SignatureHeader].ToString();
        if (timestamp.Length == 0 || accessKey.Length == 0 || signature.Length == 0)
            return AuthenticateResult.Fail($"Missing signature headers: {TimestampHeader}, {AccessKeyHeader} and {SignatureHeader} are required.");
        var now = clock.GetUtcNow();
        if (!SignatureV2Verifier.IsTimestampFresh(timestamp, now))
            return AuthenticateResult.Fail(
                $"The timestamp {timestamp} differs from the server time by more than 5 minutes; server time is " +
                $"{now.ToUnixTimeMilliseconds()} ({now:yyyy-MM-ddTHH:mm:ssZ}). Check the client's clock.");
        var address = Context.Connection.RemoteIpAddress;
        if (!failures.Allows(address) && !keys.IsKnown(accessKey))
        {
            // Over its failure budget, an address waits (a timer, not CPU) and is refused before any key lookup.
            rejections.Rejected(Mask(accessKey), RawTarget(Context), address?.ToString(), "too many failed authentications from this address");
            await Task.Delay(settings.Limits.AuthFailureDelay, Context.RequestAborted);
            throw new Errors.QuotaExceededException(
                "Too many failed authentications from this address; retry later with a valid access key.", TimeSpan.FromSeconds(1));
        }
        var key = await keys.FindAsync(accessKey, Context.RequestAborted);
        var target = RawTarget(Context);
        if (key is not { } found ||
            !SignatureV2Verifier.Verify(Request.Method.ToUpperInvariant(), target, timestamp, accessKey, found.SecretUtf8, signature))
        {
            failures.RecordFailure(address);
            rejections.Rejected(Mask(accessKey), target, address?.ToString(), "signature");
            return AuthenticateResult.Fail(Denied);
        }
        var identity = new ClaimsIdentity(
            [new Claim(OpenClueClaims.Tenant, found.TenantId), new Claim(OpenClueClaims.AccessKey, accessKey)], Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await errors.For(Context).WriteStatusAsync(Context, StatusCodes.Status401Unauthorized, result.Failure?.Message ?? Denied);
    }

    /// <summary>A signed caller lacking a policy's requirement is told as much as an unsigned one (NCLUE has no 403).</summary>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        errors.For(Context).WriteStatusAsync(Context, StatusCodes.Status401Unauthorized, Denied);

    /// <summary>The request target exactly as the client sent it (percent-encoding untouched).</summary>
    public static string RawTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw) && raw[0] == '/') return raw;
        return context.Request.PathBase.ToUriComponent() + context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
    }

    private static string Mask(string accessKey) => accessKey.Length <= 6 ? "***" : accessKey[..6] + "***";
}
