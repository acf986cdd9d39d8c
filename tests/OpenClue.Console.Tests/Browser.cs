using Microsoft.Playwright;

namespace OpenClue.Console.Tests;

/// <summary>Debian's Chromium under Playwright, headless, with the network chatter that a closed machine refuses turned off.</summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    public IBrowser Chromium { get; }

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium = chromium;
    }

    public static async Task<Browser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumFactAttribute.ChromiumPath,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run",
                ],
            });
            return new Browser(playwright, chromium);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh browser profile (no cookies) whose page records every script error.</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> ScriptErrors)> NewPageAsync(Uri baseAddress)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, Locale = "en-US",
        });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => { lock (errors) errors.Add("uncaught: " + error); };
        page.Console += (_, message) =>
        {
            // The browser logs every 4xx document as "Failed to load resource"; the tests ask for those 401s and 404s.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
                lock (errors) errors.Add(message.Text);
        };
        return (context, page, errors);
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright.Dispose();
    }
}
