using System.Net;
using OpenClue.Server.Tests.Infrastructure;
using OpenClue.Server.WebConsole.Components;

namespace OpenClue.Server.Tests.WebConsole;

/// <summary>Every page the console's navigation names answers a signed-in tenant, and unknown ids and paths are 404.</summary>
public sealed class ConsolePagesTests
{
    [Fact]
    public async Task Every_navigation_page_renders_for_a_new_tenant_and_unknown_ids_are_not_found()
    {
        await using var host = OpenClueHost.Start();
        var key = await host.CreateTenantKeyAsync("fresh");
        using var browser = new ConsoleClient(host.BaseAddress);
        await browser.SignInOrFailAsync(key.AccessKey, key.SecretKey);
        foreach (var item in ConsoleNavigation.Items)
        {
            var page = await browser.GetAsync(item.Href);
            Assert.True(page.Status == HttpStatusCode.OK, $"{item.Href}: {page}");
            Assert.Contains($"<h1>{item.Label}</h1>", page.Html);
            Assert.Contains($"href=\"{item.Href}\" aria-current=\"page\"", page.Html);
        }
        Assert.Contains("oc-hash-1", (await browser.GetAsync("/console/models")).Html);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/console/profiles?kind=shopping-intents&sort=name&dir=asc&index=0")).Status);
        foreach (var path in new[] { "/console/features/x", "/console/tasks/x", "/console/task-runs/x", "/console/profiles/x", "/console/nowhere" })
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(path)).Status);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/console/features?sort=bogus&index=-5")).Status); // bad query: the default list
    }
}
