using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenClue.Server.Tests.Infrastructure;
using OpenClue.Server.Tests.Nsml;

namespace OpenClue.Console.Tests;

/// <summary>An NSML run made through the signed NSML API, followed in the console: its log grows on the page and its state changes, without a reload.</summary>
public sealed class NsmlLogTailTests
{
    [ChromiumFact]
    public async Task A_runs_log_and_state_follow_the_run_on_its_page()
    {
        await using var host = OpenClueHost.Start(settings: NsmlCalls.FastSettings());
        var project = await host.Client.CreateProjectAsync("vision");
        var run = await host.Client.CreateRunAsync(project, "echo first line; while [ ! -f go ]; do sleep 0.05; done; echo second line");
        await host.Client.WaitForStatusAsync(project, run, "RUN_STATE_IN_PROGRESS");

        await using var browser = await Browser.LaunchAsync();
        var (context, page, scriptErrors) = await browser.NewPageAsync(host.BaseAddress);
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync("/console/sign-in");
        await page.GetByLabel("Access key").FillAsync(host.AccessKey);
        await page.GetByLabel("Secret key").FillAsync(host.SecretKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "NSML", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = $"vision/{run}" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/console/nsml/projects/{project}/runs/{run}$"));

        var log = page.Locator("pre.log");
        await Assertions.Expect(log).ToContainTextAsync("first line");
        await Assertions.Expect(page.Locator("section .status").First).ToHaveTextAsync("In progress");
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");
        await File.WriteAllTextAsync(Path.Combine(NsmlCalls.Workspace(host, project), "go"), "");
        await Assertions.Expect(log).ToContainTextAsync("second line");
        await Assertions.Expect(page.Locator("section .status").First).ToHaveTextAsync("Completed");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page was reloaded");
        Assert.Equal("first line\nsecond line\n", await log.TextContentAsync());

        // Another tenant: no such run.
        var acme = await host.CreateTenantKeyAsync("acme");
        var (other, otherPage, _) = await browser.NewPageAsync(host.BaseAddress);
        await otherPage.GotoAsync("/console/sign-in");
        await otherPage.GetByLabel("Access key").FillAsync(acme.AccessKey);
        await otherPage.GetByLabel("Secret key").FillAsync(acme.SecretKey);
        await otherPage.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(otherPage).ToHaveURLAsync(new Regex("/console/features$"));
        Assert.Equal(404, (await otherPage.GotoAsync($"/console/nsml/projects/{project}/runs/{run}"))!.Status);
        Assert.Equal(404, (await otherPage.GotoAsync($"/console/nsml/projects/{project}/runs/{run}/log?offset=0"))!.Status);

        Assert.True(scriptErrors.Count == 0, string.Join('\n', scriptErrors));
        await other.CloseAsync();
        await context.CloseAsync();
    }
}
