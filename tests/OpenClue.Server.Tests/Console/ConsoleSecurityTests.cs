using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenClue.Server.Tests.Infrastructure;
using OpenClue.Server.WebConsole.Authentication;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.WebConsole;

/// <summary>The console's session: sign-in, cookie flags, anti-forgery, expiry, sign-out, rate limit, and signature v2 untouched.</summary>
public sealed class ConsoleSecurityTests
{
    [Fact]
    public async Task Sign_in_sets_an_httponly_strict_expiring_cookie_that_holds_no_secret()
    {
        await using var host = OpenClueHost.Start();
        using var browser = new ConsoleClient(host.BaseAddress);
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/console/features")).Status); // not signed in yet

        var before = DateTimeOffset.UtcNow;
        var signedIn = await browser.SignInAsync(host.AccessKey, host.SecretKey);
        Assert.Equal(HttpStatusCode.Found, signedIn.Status);
        var cookie = Assert.Single(signedIn.SetCookies, c => c.StartsWith(ConsoleAuthentication.CookieName + "=", StringComparison.Ordinal));
        var attributes = cookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/console", attributes);
        Assert.DoesNotContain("secure", attributes); // served over plain HTTP here; see the HTTPS case below
        var expires = DateTimeOffset.Parse(attributes.Single(a => a.StartsWith("expires=", StringComparison.Ordinal))["expires=".Length..]);
        Assert.InRange(expires, before + TimeSpan.FromHours(8) - TimeSpan.FromMinutes(1), before + TimeSpan.FromHours(8) + TimeSpan.FromMinutes(5));

        // The cookie is the framework's encrypted ticket: its claims name the tenant and access key, and no secret.
        var value = cookie.Split(';')[0][(ConsoleAuthentication.CookieName.Length + 1)..];
        Assert.DoesNotContain(host.SecretKey, Uri.UnescapeDataString(value));
        var options = host.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(ConsoleAuthentication.Scheme);
        var ticket = options.TicketDataFormat.Unprotect(value)!;
        Assert.Equal("default", ticket.Principal.FindFirst(OpenClue.Server.Platform.Auth.OpenClueClaims.Tenant)!.Value);
        Assert.Equal(host.AccessKey, ticket.Principal.FindFirst(OpenClue.Server.Platform.Auth.OpenClueClaims.AccessKey)!.Value);
        Assert.DoesNotContain(ticket.Principal.Claims, c => c.Value.Contains(host.SecretKey, StringComparison.Ordinal));

        // The keys that encrypt it are themselves kept encrypted with the master key.
        var keyFiles = Directory.GetFiles(Path.Combine(host.DataDir, "console-keys"), "*.xml");
        Assert.NotEmpty(keyFiles);
        Assert.All(keyFiles, f => Assert.DoesNotContain("<masterKey", File.ReadAllText(f)));
        Assert.All(keyFiles, f => Assert.Contains("<encryptedKey", File.ReadAllText(f)));

        // Over HTTPS the same cookie is Secure.
        var https = new DefaultHttpContext();
        https.Request.Scheme = "https";
        Assert.True(options.Cookie.Build(https).Secure);
        Assert.False(options.Cookie.Build(new DefaultHttpContext()).Secure);

        var features = await browser.GetAsync("/console/features");
        Assert.Equal(HttpStatusCode.OK, features.Status);
        Assert.Contains("Tenant <strong>default</strong>", features.Html);
    }

    [Fact]
    public async Task A_wrong_secret_or_unknown_key_is_refused_with_a_message_and_the_form_again()
    {
        await using var host = OpenClueHost.Start();
        using var browser = new ConsoleClient(host.BaseAddress);
        foreach (var (key, secret) in new[] { (host.AccessKey, "not-the-secret"), ("AKNOSUCHKEY", host.SecretKey), (host.AccessKey, "") })
        {
            var refused = await browser.SignInAsync(key, secret);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.Status);
            Assert.Contains("do not match an active key", refused.Html);
            Assert.Contains("<label for=\"secret-key\">Secret key</label>", refused.Html);
            Assert.DoesNotContain(refused.SetCookies, c => c.StartsWith(ConsoleAuthentication.CookieName + "=", StringComparison.Ordinal));
        }
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/console/features")).Status);
    }

    [Fact]
    public async Task Forms_without_a_valid_anti_forgery_token_are_rejected_and_change_nothing()
    {
        await using var host = OpenClueHost.Start();
        File.WriteAllText(Path.Combine(host.Bucket("data"), "seq.tsv"), "u1\tclick: a\n");
        using var browser = new ConsoleClient(host.BaseAddress);

        var noToken = await browser.PostFormAsync("/console/sign-in",
            [new("_handler", "sign-in"), new("access_key", host.AccessKey), new("secret_key", host.SecretKey)]);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.Status);
        Assert.DoesNotContain(noToken.SetCookies, c => c.StartsWith(ConsoleAuthentication.CookieName + "=", StringComparison.Ordinal));

        await browser.SignInOrFailAsync(host.AccessKey, host.SecretKey);
        // A forged cross-site POST: the session cookie is there, the token is not the server's.
        var forged = await browser.PostFormAsync("/console/features/new",
        [
            new("_handler", "feature-create"), new("__antiforgery", "CfDJ8forged"), new("name", "forged"),
            new("source_bucket", "data"), new("source_file_path", "seq.tsv"),
        ]);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal(0, (await host.Client.GetJsonAsync("/api/v1/features")).Body.GetProperty("total").GetInt32());

        var forgedSignOut = await browser.PostFormAsync("/console/sign-out", [new("__antiforgery", "CfDJ8forged")]);
        Assert.Equal(HttpStatusCode.BadRequest, forgedSignOut.Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/console/features")).Status); // still signed in

        // With the page's token the same form works.
        var created = await browser.SubmitAsync("/console/features/new", "feature-create",
            new() { ["name"] = "real", ["source_bucket"] = "data", ["source_file_path"] = "seq.tsv" });
        Assert.True(created.Status == HttpStatusCode.Found, created.ToString());
        Assert.Equal(1, (await host.Client.GetJsonAsync("/api/v1/features")).Body.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_session_expires_after_its_lifetime_and_sign_out_ends_it_even_for_a_copied_cookie()
    {
        var clock = new ShiftedTime();
        await using var host = OpenClueHost.Start(settings: new Dictionary<string, string?> { ["OpenClue:Console:SessionLifetime"] = "02:00:00" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        using var browser = new ConsoleClient(host.BaseAddress);
        await browser.SignInOrFailAsync(host.AccessKey, host.SecretKey);
        clock.Offset = TimeSpan.FromMinutes(119);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/console/tasks")).Status);
        clock.Offset = TimeSpan.FromMinutes(121);
        var expired = await browser.GetAsync("/console/tasks");
        Assert.Equal(HttpStatusCode.Found, expired.Status);
        Assert.Contains("/console/sign-in", expired.Location);

        clock.Offset = TimeSpan.Zero;
        await browser.SignInOrFailAsync(host.AccessKey, host.SecretKey);
        var copy = browser.Cookies.GetCookieHeader(new Uri(host.BaseAddress, "/console/"));
        var signedOut = await browser.SignOutAsync();
        Assert.Equal(HttpStatusCode.Found, signedOut.Status);
        Assert.Contains(signedOut.SetCookies, c => c.StartsWith(ConsoleAuthentication.CookieName + "=;", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/console/features")).Status);

        using var replay = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/console/features");
        request.Headers.Add("Cookie", copy);
        Assert.Equal(HttpStatusCode.Found, (await replay.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_session_survives_a_restart_of_the_server_on_the_same_data_folder()
    {
        var dataDir = Directory.CreateTempSubdirectory("openclue-console-").FullName;
        try
        {
            string cookie;
            await using (var first = OpenClueHost.Start(dataDir))
            {
                using var browser = new ConsoleClient(first.BaseAddress);
                await browser.SignInOrFailAsync(first.AccessKey, first.SecretKey);
                cookie = browser.Cookies.GetCookieHeader(new Uri(first.BaseAddress, "/console/"));
            }
            await using var second = OpenClueHost.Start(dataDir); // reads the key ring back through the master key
            using var replay = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = second.BaseAddress };
            using var request = new HttpRequestMessage(HttpMethod.Get, "/console/features");
            request.Headers.Add("Cookie", cookie);
            Assert.Equal(HttpStatusCode.OK, (await replay.SendAsync(request)).StatusCode);
        }
        finally
        {
            OpenClueHost.TryDeleteDirectory(dataDir);
        }
    }

    [Fact]
    public async Task Revoking_the_access_key_ends_its_console_sessions()
    {
        await using var host = OpenClueHost.Start();
        var key = await host.CreateTenantKeyAsync("acme");
        using var browser = new ConsoleClient(host.BaseAddress);
        await browser.SignInOrFailAsync(key.AccessKey, key.SecretKey);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/console/features")).Status);
        await host.WithKeysAsync(k => k.RevokeKeyAsync(key.AccessKey));
        host.Services.GetRequiredService<OpenClue.Server.Platform.Auth.AccessKeyStore>().Invalidate(key.AccessKey); // as the key cache expires
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/console/features")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(key.AccessKey, key.SecretKey)).Status);
    }

    [Fact]
    public async Task Sign_in_attempts_are_limited_per_client_address()
    {
        await using var host = OpenClueHost.Start(settings: new Dictionary<string, string?>
        {
            ["OpenClue:Console:SignInAttempts"] = "3", ["OpenClue:Console:SignInWindow"] = "00:10:00",
        });
        using var browser = new ConsoleClient(host.BaseAddress);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SignInAsync(host.AccessKey, "guess" + i)).Status);
        var limited = await browser.SignInAsync(host.AccessKey, host.SecretKey); // even the right pair waits now
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Contains("Too many sign-in attempts", limited.Html);
        Assert.True(limited.Response.Headers.RetryAfter is not null);
        Assert.Equal(HttpStatusCode.Found, (await browser.GetAsync("/console/features")).Status);
    }

    [Fact]
    public async Task The_console_cookie_never_authenticates_the_signed_api()
    {
        await using var host = OpenClueHost.Start();
        using var browser = new ConsoleClient(host.BaseAddress);
        await browser.SignInOrFailAsync(host.AccessKey, host.SecretKey);
        var cookie = browser.Cookies.GetCookieHeader(new Uri(host.BaseAddress, "/console/"));
        Assert.Contains(ConsoleAuthentication.CookieName, cookie);
        Assert.DoesNotContain(ConsoleAuthentication.CookieName + "=", browser.Cookies.GetCookieHeader(new Uri(host.BaseAddress, "/api/v1/features")));

        using var api = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = host.BaseAddress };
        foreach (var path in new[] { "/api/v1/features", "/api/v1/tasks", "/api/v1/models" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookie); // sent by hand: the browser would not even send it there
            var reply = await ApiCalls.ReadAsync(await api.SendAsync(request));
            AssertError(reply, "10100");
        }
    }

    [Fact]
    public async Task Another_tenants_ids_are_not_found_in_the_console()
    {
        await using var host = OpenClueHost.Start();
        File.WriteAllText(Path.Combine(host.Bucket("data"), "seq.tsv"), "u1\tclick: a\n");
        var featureId = await CreateFeatureAsync(host.Client, "data", "seq.tsv", "mine");
        var other = await host.CreateTenantKeyAsync("acme");
        using var acme = new ConsoleClient(host.BaseAddress);
        await acme.SignInOrFailAsync(other.AccessKey, other.SecretKey);

        var page = await acme.GetAsync($"/console/features/{featureId}");
        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("<h1>Not found</h1>", page.Html);
        Assert.Contains($"/console/features/{featureId}", page.Html);
        Assert.DoesNotContain("mine", (await acme.GetAsync("/console/features")).Html);
        Assert.Equal("{}", (await acme.GetAsync($"/console/live?ids={featureId}")).Html);
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync($"/console/tasks/{featureId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync($"/console/task-runs/{featureId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync($"/console/task-runs/{featureId}/result")).Status);

        using var owner = new ConsoleClient(host.BaseAddress);
        await owner.SignInOrFailAsync(host.AccessKey, host.SecretKey);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/console/features/{featureId}")).Status);
        Assert.Contains(featureId, (await owner.GetAsync($"/console/live?ids={featureId}")).Html);
    }

    [Fact]
    public async Task A_create_form_shows_the_APIs_validation_message_next_to_the_field_and_stores_nothing()
    {
        await using var host = OpenClueHost.Start();
        host.Bucket("data");
        using var browser = new ConsoleClient(host.BaseAddress);
        await browser.SignInOrFailAsync(host.AccessKey, host.SecretKey);
        var refused = await browser.SubmitAsync("/console/features/new", "feature-create",
            new() { ["name"] = "f", ["source_bucket"] = "data", ["source_file_path"] = "missing.tsv" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Status);
        Assert.Matches("id=\"feature-path-error\">[^<]*missing.tsv[^<]*PATH_NOT_FOUND", refused.Html);
        Assert.Contains("aria-describedby=\"feature-path-hint feature-path-error\"", refused.Html);
        Assert.Contains("value=\"missing.tsv\"", refused.Html); // what was typed stays in the form

        var tooLong = await browser.SubmitAsync("/console/features/new", "feature-create",
            new() { ["name"] = new string('n', 200), ["source_bucket"] = "data", ["source_file_path"] = "x.tsv" });
        Assert.Matches("id=\"feature-name-error\">[^<]*NAME_TOO_LONG", tooLong.Html);
        Assert.Equal(0, (await host.Client.GetJsonAsync("/api/v1/features")).Body.GetProperty("total").GetInt32());
    }
}
