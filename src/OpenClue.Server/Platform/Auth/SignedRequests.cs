using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Platform.Auth;

/// <summary>
/// Signature v2 registration and enforcement. Route groups require <see cref="TenantPolicy"/>; the guard below also
/// answers 401 for unsigned requests under a guarded prefix that match no route (they must not learn what exists),
/// applies the per-key rate limit (D8) and scopes the request's logs to its tenant.
/// </summary>
public static class SignedRequests
{
    public const string Scheme = "SignatureV2";
    public const string TenantPolicy = "tenant";

    public static IServiceCollection AddSignatureV2(this IServiceCollection services, Action<SignatureV2Options> configure)
    {
        services.AddAuthentication(Scheme).AddScheme<SignatureV2Options, SignatureV2AuthenticationHandler>(Scheme, configure);
        services.AddAuthorizationBuilder().AddPolicy(TenantPolicy, policy => policy
            .AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireClaim(OpenClueClaims.Tenant));
        return services;
    }

    public static IApplicationBuilder UseSignedRequests(this IApplicationBuilder app)
    {
        app.UseAuthentication();
        var options = app.ApplicationServices.GetRequiredService<IOptionsMonitor<SignatureV2Options>>();
        var limiter = app.ApplicationServices.GetRequiredService<RequestRateLimiter>();
        var log = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignedRequests));
        app.Use(async (context, next) =>
        {
            if (!options.Get(Scheme).Guards(context.Request.Path))
            {
                await next(context);
                return;
            }
            if (context.User.FindFirst(OpenClueClaims.Tenant) is not { } tenant)
            {
                await context.ChallengeAsync(Scheme);
                return;
            }
            if (!limiter.TryAcquire(context.User.FindFirst(OpenClueClaims.AccessKey)!.Value))
                throw new QuotaExceededException("Too many requests for this access key; slow down and retry.", TimeSpan.FromSeconds(1));
            using (log.BeginScope("Tenant:{Tenant}", tenant.Value))
                await next(context);
        });
        app.UseAuthorization();
        return app;
    }
}
