using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using OpenClue.Server.Platform.Auth;

namespace OpenClue.Server.WebConsole.Authentication;

/// <summary>
/// The console's session: a cookie scheme beside signature v2, used only by <c>/console</c> routes. The cookie is
/// encrypted by ASP.NET Core Data Protection and holds the tenant, the access key and a session id, never a secret.
/// </summary>
public static class ConsoleAuthentication
{
    public const string Scheme = "OpenClueConsole";
    public const string Policy = "OpenClueConsole";
    public const string CookieName = "openclue_console";
    public const string TenantClaim = "openclue:tenant";
    public const string AccessKeyClaim = "openclue:access_key";
    public const string SessionClaim = "openclue:session";

    public static ClaimsPrincipal Principal(Tenant tenant, string sessionId) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, tenant.AccessKey),
            new Claim(TenantClaim, tenant.Id),
            new Claim(AccessKeyClaim, tenant.AccessKey),
            new Claim(SessionClaim, sessionId),
        ], Scheme, ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>The tenant a signed-in console user acts as.</summary>
    public static Tenant TenantOf(ClaimsPrincipal user) =>
        user.FindFirst(TenantClaim)?.Value is { } tenant && user.FindFirst(AccessKeyClaim)?.Value is { } key
            ? new Tenant(tenant, key)
            : throw new InvalidOperationException("The console request is not signed in.");

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
        var tenant = user?.FindFirst(TenantClaim)?.Value;
        var accessKey = user?.FindFirst(AccessKeyClaim)?.Value;
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
