using System.Globalization;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenClue.Server.Tests.Infrastructure;
using Quartz;
using Xunit.Abstractions;

namespace OpenClue.Console.Tests;

/// <summary>
/// The console end to end in a real browser (Debian's Chromium under Playwright) against a real server: resources
/// made through the signed API appear in the console, a task run made from a form completes on screen without a
/// reload, tenants are isolated, pages have no script errors and no serious accessibility violations.
/// </summary>
public sealed class ConsoleBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [ChromiumFact]
    public async Task A_data_scientist_signs_in_reads_a_task_runs_it_from_a_form_and_watches_it_complete()
    {
        await using var host = OpenClueHost.Start(settings: new Dictionary<string, string?> { ["OpenClue:TimeZone"] = "Asia/Seoul" });
        var (featureId, taskId, auroc) = await PrepareAsync(host);
        var acmeKey = await host.CreateTenantKeyAsync("acme");

        await using var browser = await Browser.LaunchAsync();
        var (context, page, scriptErrors) = await browser.NewPageAsync(host.BaseAddress);
        page.SetDefaultTimeout((float)Wait.TotalMilliseconds);

        // Not signed in: the console sends the browser to the sign-in form; a wrong secret is refused there.
        await page.GotoAsync("/console/tasks");
        await Expect(page).ToHaveURLAsync(new Regex("/console/sign-in"));
        await AssertAccessibleAsync(page, "sign-in");
        await page.GetByLabel("Access key").FillAsync(host.AccessKey);
        await page.GetByLabel("Secret key").FillAsync("not-the-secret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("do not match an active key");
        await Expect(page.GetByLabel("Secret key")).ToBeVisibleAsync();
        await page.GetByLabel("Access key").FillAsync(host.AccessKey);
        await page.GetByLabel("Secret key").FillAsync(host.SecretKey);
        await page.GetByLabel("Secret key").PressAsync("Enter"); // the keyboard submits the form too
        await Expect(page).ToHaveURLAsync(new Regex("/console/tasks$")); // back where it was going

        // The feature made through the API, in the list, completed.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Resources" }).GetByRole(AriaRole.Link, new() { Name = "Features" }).ClickAsync();
        var featureRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "shoppers" });
        await Expect(featureRow).ToContainTextAsync("Completed");
        await Expect(featureRow).ToContainTextAsync("1,200");
        await AssertAccessibleAsync(page, "features");
        await Expect(page.GetByRole(AriaRole.Contentinfo)).ToContainTextAsync("Asia/Seoul (UTC+09:00)"); // the server's time zone

        // The task: its AUROC and the ROC curve as an SVG chart.
        await page.GetByRole(AriaRole.Link, new() { Name = "Tasks", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "protein" })).ToContainTextAsync(auroc);
        await page.GetByRole(AriaRole.Link, new() { Name = "protein" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/console/tasks/{taskId}$"));
        await Expect(page.Locator("[data-auroc]")).ToHaveTextAsync(auroc);
        var chart = page.Locator("svg.roc-chart");
        await Expect(chart).ToBeVisibleAsync();
        Assert.True(await chart.Locator("polyline.curve").CountAsync() == 1);
        Assert.Contains("AUROC " + auroc, await chart.Locator("desc").TextContentAsync());
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Strongest towards label 1" })).ToContainTextAsync("protein");
        await AssertAccessibleAsync(page, "task");
        var docs = Path.Combine(RepositoryRoot(), "docs");
        Directory.CreateDirectory(docs);
        await page.ScreenshotAsync(new() { Path = Path.Combine(docs, "console.png") }); // the first screenful, for the README

        // Run the task from its form. The job engine is held so the page first shows the run waiting, then, with
        // the engine running again, the page notices the completion by itself: the marker set on the window survives.
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Standby();
        await page.GetByLabel("Run name").FillAsync("weekly-scores");
        await page.GetByLabel("Feature to score").SelectOptionAsync(new SelectOptionValue { Value = featureId });
        await page.GetByLabel("Result file path").FillAsync("scores/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run task" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/console/task-runs/[^/]+$"));
        var status = page.Locator("section[data-live-id] .status");
        await Expect(status).ToHaveTextAsync(new Regex("Registered|Pending"));
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");
        await scheduler.Start();
        await Expect(status).ToHaveTextAsync("Completed", new() { Timeout = (float)Wait.TotalMilliseconds });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page was reloaded");
        await Expect(page.Locator("[data-line-count]")).ToHaveTextAsync("1,200");
        await Expect(page.GetByText(new Regex(@"scores/nclue_\w+_\d{10}\.tsv"))).ToBeVisibleAsync();
        var download = page.GetByRole(AriaRole.Link, new() { Name = "Download result file" });
        var result = await context.APIRequest.GetAsync((await download.GetAttributeAsync("href"))!);
        Assert.Equal(200, result.Status);
        var lines = (await result.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1200, lines.Length);
        Assert.All(lines, l => Assert.Matches(@"^u\d{6}\t[01](\.\d+)?(E-?\d+)?$", l));
        await AssertAccessibleAsync(page, "task run");
        var runUrl = page.Url;

        // Sign out: the session ends and the console asks for a key again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("signed out");
        await page.GotoAsync("/console/features");
        await Expect(page).ToHaveURLAsync(new Regex("/console/sign-in"));

        // Another tenant sees none of it, and its URLs are 404 there.
        var (acmeContext, acme, acmeErrors) = await browser.NewPageAsync(host.BaseAddress);
        await acme.GotoAsync("/console/sign-in");
        await acme.GetByLabel("Access key").FillAsync(acmeKey.AccessKey);
        await acme.GetByLabel("Secret key").FillAsync(acmeKey.SecretKey);
        await acme.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(acme).ToHaveURLAsync(new Regex("/console/features$"));
        await Expect(acme.GetByRole(AriaRole.Main)).ToContainTextAsync("None yet.");
        await Expect(acme.GetByRole(AriaRole.Main)).Not.ToContainTextAsync("shoppers");
        foreach (var list in new[] { "/console/tasks", "/console/task-runs" })
        {
            await acme.GotoAsync(list);
            await Expect(acme.GetByRole(AriaRole.Main)).ToContainTextAsync("None yet.");
        }
        foreach (var url in new[] { $"/console/features/{featureId}", $"/console/tasks/{taskId}", new Uri(runUrl).AbsolutePath, new Uri(runUrl).AbsolutePath + "/result" })
        {
            var response = await acme.GotoAsync(url);
            Assert.True(response!.Status == 404, $"{url}: {response.Status}");
        }

        Assert.True(scriptErrors.Count == 0, string.Join('\n', scriptErrors));
        Assert.True(acmeErrors.Count == 0, string.Join('\n', acmeErrors));
        await acmeContext.CloseAsync();
        await context.CloseAsync();
    }

    /// <summary>A completed feature and task made through the signed API, as a client would; the task's AUROC as shown.</summary>
    private static async Task<(string FeatureId, string TaskId, string Auroc)> PrepareAsync(OpenClueHost host)
    {
        var bucket = host.Bucket("shop");
        var data = BehaviorData.Generate(1200, seed: 17);
        data.WriteSequences(Path.Combine(bucket, "seq.tsv"));
        data.WriteLabels(Path.Combine(bucket, "labels.tsv"), 0, 1200);
        var api = host.Client;
        var feature = await api.PostJsonAsync("/api/v1/features", new { name = "shoppers", source_bucket = "shop", source_file_path = "seq.tsv" });
        var featureId = feature.Field("feature_id");
        var (_, built) = await api.WaitForEndAsync($"/api/v1/features/{featureId}", Wait);
        Assert.Equal("completed", built.Field("status"));
        var task = await api.PostJsonAsync("/api/v1/tasks", new { name = "protein", train_feature_id = featureId, train_bucket = "shop", train_file_path = "labels.tsv" });
        var taskId = task.Field("task_id");
        var (_, trained) = await api.WaitForEndAsync($"/api/v1/tasks/{taskId}", Wait);
        Assert.Equal("completed", trained.Field("status"));
        return (featureId, taskId, trained.Body.GetProperty("AUROC").GetDouble().ToString("0.0000", CultureInfo.InvariantCulture));
    }

    /// <summary>axe-core on the page as it is: no serious or critical violations (contrast, labels, roles, names).</summary>
    private async Task AssertAccessibleAsync(IPage page, string what)
    {
        var result = await page.RunAxe();
        foreach (var v in result.Violations) output.WriteLine($"axe {what}: {v.Impact} {v.Id}: {v.Help} ({v.Nodes.Length} nodes)");
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"axe on the {what} page: " + string.Join("; ",
            serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git"))) return dir.FullName;
        throw new InvalidOperationException("The tests do not run inside the repository; docs/console.png has nowhere to go.");
    }
}
