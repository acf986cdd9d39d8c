using System.Globalization;

namespace OpenClue.Server.Platform.Observability;

/// <summary>
/// The server's Prometheus metrics: HTTP and job counters/histograms, scrape-time gauges and process gauges.
/// Thread-safe; recording is lock-free, only gauge registration takes a lock.
/// </summary>
public sealed class MetricsRegistry
{
    private static readonly double[] RequestDurationBuckets =
        [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly double[] JobDurationBuckets =
        [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600];

    private readonly CounterFamily<(string Method, string Route, int Status)> _requests = new(
        "openclue_http_requests_total", "HTTP requests handled, by method, route template and status code.",
        k => [new("method", k.Method), new("route", k.Route), new("status", k.Status.ToString(CultureInfo.InvariantCulture))]);

    private readonly HistogramFamily<(string Method, string Route)> _requestDuration = new(
        "openclue_http_request_duration_seconds", "HTTP request duration in seconds, by method and route template.",
        RequestDurationBuckets, k => [new("method", k.Method), new("route", k.Route)]);

    private readonly CounterFamily<(string Kind, string Status)> _jobs = new(
        "openclue_jobs_total", "Jobs finished, by kind and final status.",
        k => [new("kind", k.Kind), new("status", k.Status)]);

    private readonly HistogramFamily<string> _jobDuration = new(
        "openclue_job_duration_seconds", "Job run time in seconds, by kind.",
        JobDurationBuckets, kind => [new("kind", kind)]);

    private readonly Lock _registration = new();
    private GaugeFamily[] _gauges = [];

    public void ObserveRequest(string method, string route, int status, double seconds)
    {
        _requests.Increment((method, route, status));
        _requestDuration.Observe((method, route), seconds);
    }

    public void JobFinished(string kind, string status, double seconds)
    {
        _jobs.Increment((kind, status));
        _jobDuration.Observe(kind, seconds);
    }

    /// <summary>Registers a gauge family whose series are produced by <paramref name="read"/> on every scrape.</summary>
    public void RegisterGauge(
        string name, string help, Func<IEnumerable<(IReadOnlyDictionary<string, string> Labels, double Value)>> read)
    {
        ArgumentNullException.ThrowIfNull(help);
        ArgumentNullException.ThrowIfNull(read);
        if (!PrometheusNames.IsValidMetricName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid Prometheus metric name.", nameof(name));
        }

        lock (_registration)
        {
            if (ReservedNames().Contains(name))
            {
                throw new InvalidOperationException($"Metric '{name}' is already registered.");
            }
            // Scrapes read the array without locking; publish a new one instead of mutating.
            Volatile.Write(ref _gauges, [.. _gauges, new GaugeFamily(name, help, read)]);
        }
    }

    public void WriteTo(TextWriter writer)
    {
        _requests.WriteTo(writer);
        _requestDuration.WriteTo(writer);
        _jobs.WriteTo(writer);
        _jobDuration.WriteTo(writer);
        foreach (var gauge in Volatile.Read(ref _gauges))
        {
            gauge.WriteTo(writer);
        }
        ProcessMetrics.WriteTo(writer);
    }

    public string Render()
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(writer);
        return writer.ToString();
    }

    private IEnumerable<string> ReservedNames() =>
        new[] { _requests.Name, _requestDuration.Name, _jobs.Name, _jobDuration.Name }
            .Concat(ProcessMetrics.Names)
            .Concat(_gauges.Select(g => g.Name));
}
