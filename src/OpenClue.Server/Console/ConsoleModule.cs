using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.WebConsole.Authentication;
using OpenClue.Server.WebConsole.Components;

namespace OpenClue.Server.WebConsole;

/// <summary>
/// The web console at <c>/console</c>: Blazor static server-side rendering over the application services, a cookie
/// session beside signature v2, anti-forgery on every form, and a small script that polls <see cref="ConsoleEndpoints"/>
/// for live job statuses.
/// </summary>
public static class ConsoleModule
{
    public static void AddOpenClueConsole(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        services.AddSingleton(options);
        services.AddSingleton<ConsoleSessions>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<ConsoleSignIn>();
        services.AddRazorComponents();
        services.AddHttpContextAccessor();

        // Session cookies and anti-forgery tokens stay valid across restarts, and every process of one deployment that
        // shares the data folder reads the same keys, which are kept encrypted with the master key.
        var data = DataDirectory.FromOptions(configuration.GetSection(OpenClueOptions.Section).Get<OpenClueOptions>() ?? new OpenClueOptions());
        services.AddDataProtection().SetApplicationName("OpenClue")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(data.Root, "console-keys")));
        services.AddOptions<KeyManagementOptions>()
            .Configure<SecretProtector>((keys, protector) => keys.XmlEncryptor = new MasterKeyXmlEncryptor(protector));

        services.AddAuthentication().AddCookie(ConsoleAuthentication.Scheme, cookie => ConsoleAuthentication.Configure(cookie, options));
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(ConsoleAuthentication.Scheme)
            .Configure<TimeProvider>((cookie, time) => cookie.TimeProvider = time); // the server's clock decides expiry
        // Beside signature v2 (SignedRequests.Scheme, the default scheme) and built like its tenant policy; only /console
        // endpoints name this one, so the cookie never authenticates the signed API.
        services.AddAuthorizationBuilder().AddPolicy(ConsoleAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(ConsoleAuthentication.Scheme).RequireAuthenticatedUser().RequireClaim(OpenClueClaims.Tenant));
        services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "openclue_console_antiforgery";
            a.Cookie.Path = "/console";
            a.Cookie.HttpOnly = true;
            a.Cookie.SameSite = SameSiteMode.Strict;
            a.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            a.FormFieldName = "__antiforgery";
        });
    }

    /// <summary>After <c>UseSignedRequests</c> (authentication and authorization): console headers and anti-forgery.</summary>
    public static void UseOpenClueConsole(this WebApplication app)
    {
        app.Use(ConsoleHeaders.AddAsync);
        app.UseAntiforgery();
    }

    public static void MapOpenClueConsole(this WebApplication app)
    {
        app.MapConsoleEndpoints();
        app.MapRazorComponents<ConsoleApp>().RequireAuthorization(ConsoleAuthentication.Policy);
    }
}
