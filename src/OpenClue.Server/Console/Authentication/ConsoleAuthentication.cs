using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using OpenClue.Server.Platform.Auth;

namespace OpenClue.Server.WebConsole.Authentication;

/// <summary>
/// The console's session: a cookie scheme beside signature v2, used only by <c>/console</c> routes. The cookie is
/// encrypted by ASP.NET Core Data Protection and holds the tenant and access key (<see cref="OpenClueClaims"/>, as signature
/// v2's principal does, so <see cref="Tenant.From"/> reads either) and a session id, never a secret.
/// </summary>
public static class ConsoleAuthentication
{
    public const string Scheme = "OpenClueConsole";
    public const string Policy = "OpenClueConsole";
    public const string CookieName = "openclue_console";
    public const string SessionClaim = "openclue:console_session";

    public static ClaimsPrincipal Principal(Tenant tenant, string sessionId) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, tenant.AccessKey),
            new Claim(OpenClueClaims.Tenant, tenant.Id),
            new Claim(OpenClueClaims.AccessKey, tenant.AccessKey),
            new Claim(SessionClaim, sessionId),
        ], Scheme, ClaimTypes.Name, ClaimTypes.Role));

    public static void Configure(CookieAuthenticationOptions cookie, ConsoleOptions options)
    {
        cookie.Cookie.Name = CookieName;
        cookie.Cookie.Path = "/console";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever the console is served over HTTPS
        cookie.ExpireTimeSpan = options.SessionLifetime;
        cookie.SlidingExpiration = false;
        cookie.LoginPath = "/console/sign-in";
        cookie.LogoutPath = "/console/sign-out";
        cookie.AccessDeniedPath = "/console/sign-in";
        cookie.ReturnUrlParameter = "returnUrl";
        cookie.Events.OnValidatePrincipal = ValidateAsync;
    }

    /// <summary>
    /// Every request re-checks the session: signed out here, or its access key revoked or moved (the key cache makes
    /// this a dictionary lookup), and the cookie no longer counts.
    /// </summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var user = context.Principal;
        var session = user?.FindFirst(SessionClaim)?.Value;
        var tenant = user?.FindFirst(OpenClueClaims.Tenant)?.Value;
        var accessKey = user?.FindFirst(OpenClueClaims.AccessKey)?.Value;
        var services = context.HttpContext.RequestServices;
        var valid = session is not null && tenant is not null && accessKey is not null &&
                    !services.GetRequiredService<ConsoleSessions>().IsEnded(session) &&
                    await services.GetRequiredService<AccessKeyStore>().FindAsync(accessKey, context.HttpContext.RequestAborted) is { } key &&
                    key.TenantId == tenant;
        if (valid) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(Scheme);
    }
}
