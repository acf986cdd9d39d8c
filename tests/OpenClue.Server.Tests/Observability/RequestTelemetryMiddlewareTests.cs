namespace OpenClue.Server.Tests.Observability;

public class RequestTelemetryMiddlewareTests
{
    [Fact]
    public async Task Labels_requests_with_the_route_template()
    {
        await using var app = await ObservabilityTestApp.StartAsync();

        await app.Client.GetAsync("/items/1");
        await app.Client.GetAsync("/items/2");

        var text = await app.ScrapeAsync();
        Assert.Equal(2, PrometheusSamples.Value(text, "openclue_http_requests_total", ("method", "GET"), ("route", "/items/{id}"), ("status", "200")));
        Assert.Equal(2, PrometheusSamples.Value(text, "openclue_http_request_duration_seconds_count", ("method", "GET"), ("route", "/items/{id}")));
        Assert.DoesNotContain("/items/1", text);
    }

    [Fact]
    public async Task Unmatched_paths_share_one_label()
    {
        await using var app = await ObservabilityTestApp.StartAsync();

        await app.Client.GetAsync("/nope/1");
        await app.Client.GetAsync("/nope/2");

        Assert.Equal(2, PrometheusSamples.Value(await app.ScrapeAsync(), "openclue_http_requests_total", ("method", "GET"), ("route", "unmatched"), ("status", "404")));
    }

    [Fact]
    public async Task Unknown_methods_are_collapsed()
    {
        await using var app = await ObservabilityTestApp.StartAsync();

        await app.Client.SendAsync(new HttpRequestMessage(new HttpMethod("BREW"), "/items/1"));

        var text = await app.ScrapeAsync();
        Assert.Contains("method=\"OTHER\"", text);
        Assert.DoesNotContain("BREW", text);
    }

    [Fact]
    public async Task Unhandled_exceptions_count_as_500()
    {
        await using var app = await ObservabilityTestApp.StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.Client.GetAsync("/boom"));

        Assert.Equal(1, PrometheusSamples.Value(await app.ScrapeAsync(), "openclue_http_requests_total", ("method", "GET"), ("route", "/boom"), ("status", "500")));
    }

    [Fact]
    public async Task A_not_found_answer_counts_as_404_under_its_route()
    {
        await using var app = await ObservabilityTestApp.StartAsync();

        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await app.Client.GetAsync("/missing")).StatusCode);

        var text = await app.ScrapeAsync();
        Assert.Equal(1, PrometheusSamples.Value(text, "openclue_http_requests_total", ("method", "GET"), ("route", "/missing"), ("status", "404")));
        Assert.Null(PrometheusSamples.Value(text, "openclue_http_requests_total", ("route", "/missing"), ("status", "200")));
    }

    [Fact]
    public async Task Metrics_endpoint_serves_prometheus_text()
    {
        await using var app = await ObservabilityTestApp.StartAsync();
        await app.Client.GetAsync("/items/1");

        using var response = await app.Client.GetAsync("/metrics");

        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE openclue_http_requests_total counter\n", body);
        Assert.Contains("route=\"/items/{id}\"", body);
    }
}
