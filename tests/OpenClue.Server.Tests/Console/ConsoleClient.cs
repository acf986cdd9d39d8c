using System.Net;
using System.Text.RegularExpressions;

namespace OpenClue.Server.Tests.WebConsole;

/// <summary>
/// A browser-like HTTP client for the console: keeps cookies, does not follow redirects, reads anti-forgery tokens from
/// the pages and posts forms as a browser does (form fields plus Blazor's <c>_handler</c> form name).
/// </summary>
public sealed partial class ConsoleClient : IDisposable
{
    private readonly HttpClient _http;

    public CookieContainer Cookies { get; } = new();

    public ConsoleClient(Uri baseAddress) =>
        _http = new HttpClient(new SocketsHttpHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };

    public sealed record Page(HttpStatusCode Status, string Html, HttpResponseMessage Response)
    {
        public string? Location => Response.Headers.Location?.ToString();
        public IEnumerable<string> SetCookies => Response.Headers.TryGetValues("Set-Cookie", out var v) ? v : [];
        public string Token => TokenPattern().Match(Html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value)
            : throw new InvalidOperationException("The page has no anti-forgery token:\n" + Html);
        public override string ToString() => $"{(int)Status} {Location} {Html[..Math.Min(Html.Length, 2000)]}";
    }

    public async Task<Page> GetAsync(string path) => await ReadAsync(await _http.GetAsync(path));

    public async Task<Page> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        await ReadAsync(await _http.PostAsync(path, new FormUrlEncodedContent(fields)));

    /// <summary>Loads <paramref name="pagePath"/>, then submits its Blazor form <paramref name="formName"/> with these fields.</summary>
    public async Task<Page> SubmitAsync(string pagePath, string formName, Dictionary<string, string> fields, string? postPath = null)
    {
        var page = await GetAsync(pagePath);
        var all = new Dictionary<string, string>(fields) { ["_handler"] = formName, ["__antiforgery"] = page.Token };
        return await PostFormAsync(postPath ?? pagePath.Split('?')[0], all);
    }

    public Task<Page> SignInAsync(string accessKey, string secretKey) =>
        SubmitAsync("/console/sign-in", "sign-in", new() { ["access_key"] = accessKey, ["secret_key"] = secretKey });

    /// <summary>Signs in and checks it worked.</summary>
    public async Task SignInOrFailAsync(string accessKey, string secretKey)
    {
        var page = await SignInAsync(accessKey, secretKey);
        Assert.True(page.Status == HttpStatusCode.Found && page.Location!.EndsWith("/console/features", StringComparison.Ordinal), page.ToString());
    }

    public async Task<Page> SignOutAsync()
    {
        var page = await GetAsync("/console/features");
        return await PostFormAsync("/console/sign-out", [new("__antiforgery", page.Token)]);
    }

    private static async Task<Page> ReadAsync(HttpResponseMessage response) =>
        new(response.StatusCode, await response.Content.ReadAsStringAsync(), response);

    [GeneratedRegex("name=\"__antiforgery\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public void Dispose() => _http.Dispose();
}
