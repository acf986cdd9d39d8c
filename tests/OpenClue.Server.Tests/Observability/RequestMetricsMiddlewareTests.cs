namespace OpenClue.Server.Tests.Observability;

public class RequestMetricsMiddlewareTests
{
    [Fact]
    public async Task Labels_requests_with_the_route_template()
    {
        await using var app = await ObservabilityTestApp.StartAsync();

        await app.Client.GetAsync("/items/1");
        await app.Client.GetAsync("/items/2");

        var text = app.Metrics.Render();
        Assert.Contains("openclue_http_requests_total{method=\"GET\",route=\"/items/{id}\",status=\"200\"} 2\n", text);
        Assert.Contains("openclue_http_request_duration_seconds_count{method=\"GET\",route=\"/items/{id}\"} 2\n", text);
        Assert.DoesNotContain("/items/1", text);
    }

    [Fact]
    public async Task Unmatched_paths_share_one_label()
    {
        await using var app = await ObservabilityTestApp.StartAsync();

        await app.Client.GetAsync("/nope/1");
        await app.Client.GetAsync("/nope/2");

        Assert.Contains(
            "openclue_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 2\n", app.Metrics.Render());
    }

    [Fact]
    public async Task Unknown_methods_are_collapsed()
    {
        await using var app = await ObservabilityTestApp.StartAsync();

        await app.Client.SendAsync(new HttpRequestMessage(new HttpMethod("BREW"), "/items/1"));

        var text = app.Metrics.Render();
        Assert.Contains("method=\"OTHER\"", text);
        Assert.DoesNotContain("BREW", text);
    }

    [Fact]
    public async Task Unhandled_exceptions_count_as_500()
    {
        await using var app = await ObservabilityTestApp.StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.Client.GetAsync("/boom"));

        Assert.Contains(
            "openclue_http_requests_total{method=\"GET\",route=\"/boom\",status=\"500\"} 1\n", app.Metrics.Render());
    }

    [Fact]
    public async Task Metrics_endpoint_serves_prometheus_text()
    {
        await using var app = await ObservabilityTestApp.StartAsync();
        await app.Client.GetAsync("/items/1");

        using var response = await app.Client.GetAsync("/metrics");

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE openclue_http_requests_total counter\n", body);
        Assert.Contains("route=\"/items/{id}\"", body);
    }
}
