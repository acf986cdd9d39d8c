using System.Text.RegularExpressions;
using OpenClue.Server.Platform.Observability;

namespace OpenClue.Server.Tests.Observability;

public class MetricsRegistryTests
{
    private readonly MetricsRegistry _metrics = new();

    [Fact]
    public void Request_counter_counts_per_method_route_and_status()
    {
        _metrics.ObserveRequest("GET", "/api/v1/features/{id}", 200, 0.01);
        _metrics.ObserveRequest("GET", "/api/v1/features/{id}", 200, 0.02);
        _metrics.ObserveRequest("GET", "/api/v1/features/{id}", 404, 0.01);

        var lines = Lines(_metrics.Render());

        Assert.Contains("# TYPE openclue_http_requests_total counter", lines);
        Assert.Contains("openclue_http_requests_total{method=\"GET\",route=\"/api/v1/features/{id}\",status=\"200\"} 2", lines);
        Assert.Contains("openclue_http_requests_total{method=\"GET\",route=\"/api/v1/features/{id}\",status=\"404\"} 1", lines);
    }

    [Fact]
    public void Request_histogram_buckets_are_cumulative_with_inf_sum_and_count()
    {
        // Binary-exact values so _sum compares exactly; 0.25 sits on a bucket bound, which is inclusive.
        foreach (var seconds in new[] { 0.0009765625, 0.25, 0.5, 16 })
        {
            _metrics.ObserveRequest("POST", "/api/v1/jobs", 202, seconds);
        }

        var series = Lines(_metrics.Render())
            .Where(l => l.StartsWith("openclue_http_request_duration_seconds", StringComparison.Ordinal))
            .ToArray();

        const string labels = "method=\"POST\",route=\"/api/v1/jobs\"";
        Assert.Equal(
            [
                $"openclue_http_request_duration_seconds_bucket{{{labels},le=\"0.001\"}} 1",
                $"openclue_http_request_duration_seconds_bucket{{{labels},le=\"0.0025\"}} 1",
                $"openclue_http_request_duration_seconds_bucket{{{labels},le=\"0.005\"}} 1",
                $"openclue_http_request_duration_seconds_bucket{{{labels},le=\"0.01\"}} 1",
                $"openclue_http_request_duration_seconds_bucket{{{labels},le=\"0.025\"}} 1",
                $"openclue_http_request_duration_seconds_bucket{{{labels},le=\"0.05\"}} 1",
                $"openclue_http_request_duration_seconds_bucket{{{labels},le=\"0.1\"}} 1",
                $"openclue_http_request_duration_seconds_bucket{{{labels},le=\"0.25\"}} 2",
                $"openclue_http_request_duration_seconds_bucket{{{labels},le=\"0.5\"}} 3",
                $"openclue_http_request_duration_seconds_bucket{{{labels},le=\"1\"}} 3",
                $"openclue_http_request_duration_seconds_bucket{{{labels},le=\"2.5\"}} 3",
                $"openclue_http_request_duration_seconds_bucket{{{labels},le=\"5\"}} 3",
                $"openclue_http_request_duration_seconds_bucket{{{labels},le=\"10\"}} 3",
                $"openclue_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} 4",
                $"openclue_http_request_duration_seconds_sum{{{labels}}} 16.7509765625",
                $"openclue_http_request_duration_seconds_count{{{labels}}} 4",
            ],
            series);
    }

    [Fact]
    public void Job_metrics_count_by_kind_and_status_and_time_by_kind()
    {
        _metrics.JobFinished("train", "succeeded", 3);
        _metrics.JobFinished("train", "failed", 100_000);

        var lines = Lines(_metrics.Render());

        Assert.Contains("openclue_jobs_total{kind=\"train\",status=\"failed\"} 1", lines);
        Assert.Contains("openclue_jobs_total{kind=\"train\",status=\"succeeded\"} 1", lines);
        Assert.Contains("openclue_job_duration_seconds_bucket{kind=\"train\",le=\"1\"} 0", lines);
        Assert.Contains("openclue_job_duration_seconds_bucket{kind=\"train\",le=\"5\"} 1", lines);
        Assert.Contains("openclue_job_duration_seconds_bucket{kind=\"train\",le=\"21600\"} 1", lines);
        Assert.Contains("openclue_job_duration_seconds_bucket{kind=\"train\",le=\"+Inf\"} 2", lines);
        Assert.Contains("openclue_job_duration_seconds_sum{kind=\"train\"} 100003", lines);
        Assert.Contains("openclue_job_duration_seconds_count{kind=\"train\"} 2", lines);
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline()
    {
        _metrics.ObserveRequest("GET", "a\\b\"c\nd", 200, 0.1);

        Assert.Contains(
            "openclue_http_requests_total{method=\"GET\",route=\"a\\\\b\\\"c\\nd\",status=\"200\"} 1",
            Lines(_metrics.Render()));
    }

    [Fact]
    public void Registered_gauges_are_read_at_scrape_time()
    {
        var queued = 3;
        _metrics.RegisterGauge("openclue_jobs", "Jobs by kind and status.", () =>
        [
            (new Dictionary<string, string> { ["kind"] = "train", ["status"] = "queued" }, queued),
            (new Dictionary<string, string> { ["kind"] = "train", ["status"] = "running" }, 1),
        ]);

        Assert.Contains("openclue_jobs{kind=\"train\",status=\"queued\"} 3", Lines(_metrics.Render()));
        queued = 5;
        var lines = Lines(_metrics.Render());

        Assert.Contains("# HELP openclue_jobs Jobs by kind and status.", lines);
        Assert.Contains("# TYPE openclue_jobs gauge", lines);
        Assert.Contains("openclue_jobs{kind=\"train\",status=\"queued\"} 5", lines);
        Assert.Contains("openclue_jobs{kind=\"train\",status=\"running\"} 1", lines);
    }

    [Fact]
    public void Gauge_label_names_are_made_valid()
    {
        _metrics.RegisterGauge("openclue_disk_bytes", "Disk use.", () =>
            [(new Dictionary<string, string> { ["data-dir"] = "/var/lib" }, 42)]);

        Assert.Contains("openclue_disk_bytes{data_dir=\"/var/lib\"} 42", Lines(_metrics.Render()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1jobs")]
    [InlineData("openclue-jobs")]
    public void Invalid_gauge_names_are_rejected(string name)
    {
        Assert.Throws<ArgumentException>(() => _metrics.RegisterGauge(name, "help", () => []));
    }

    [Theory]
    [InlineData("openclue_queue_depth")]
    [InlineData("openclue_http_requests_total")]
    [InlineData("process_resident_memory_bytes")]
    public void Names_cannot_be_registered_twice(string name)
    {
        _metrics.RegisterGauge("openclue_queue_depth", "help", () => []);

        Assert.Throws<InvalidOperationException>(() => _metrics.RegisterGauge(name, "help", () => []));
    }

    [Fact]
    public void Process_gauges_are_exposed()
    {
        var lines = Lines(_metrics.Render());

        Assert.Contains("# TYPE process_cpu_seconds_total counter", lines);
        foreach (var name in new[]
                 {
                     "process_resident_memory_bytes", "process_cpu_seconds_total",
                     "process_start_time_seconds", "dotnet_gc_heap_bytes",
                 })
        {
            var sample = Assert.Single(lines, l => l.StartsWith(name + " ", StringComparison.Ordinal));
            Assert.True(double.Parse(sample[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture) > 0, sample);
        }
    }

    [Fact]
    public void Output_is_well_formed_exposition_text()
    {
        _metrics.ObserveRequest("GET", "/x \"y\"", 200, 0.1);
        _metrics.JobFinished("index", "succeeded", 2);
        _metrics.RegisterGauge("openclue_jobs", "Queue depth.\nBy kind.", () =>
            [(new Dictionary<string, string> { ["kind"] = "a\\b" }, double.NaN)]);

        var text = _metrics.Render();

        Assert.EndsWith("\n", text);
        Assert.DoesNotContain('\r', text);
        var sample = new Regex(
            """^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"(,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*\})? (NaN|[+-]Inf|-?[0-9.]+(E[+-]?[0-9]+)?)$""");
        var header = new Regex("""^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram))$""");
        foreach (var line in Lines(text))
        {
            Assert.True(line.StartsWith('#') ? header.IsMatch(line) : sample.IsMatch(line), line);
        }
        Assert.Contains("# HELP openclue_jobs Queue depth.\\nBy kind.", Lines(text));
    }

    [Fact]
    public void Concurrent_observations_are_not_lost()
    {
        Parallel.For(0, 20_000, _ => _metrics.ObserveRequest("GET", "/hot", 200, 0.5));

        var lines = Lines(_metrics.Render());

        Assert.Contains("openclue_http_requests_total{method=\"GET\",route=\"/hot\",status=\"200\"} 20000", lines);
        Assert.Contains("openclue_http_request_duration_seconds_bucket{method=\"GET\",route=\"/hot\",le=\"+Inf\"} 20000", lines);
        Assert.Contains("openclue_http_request_duration_seconds_sum{method=\"GET\",route=\"/hot\"} 10000", lines);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
