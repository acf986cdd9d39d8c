using System.Diagnostics.Metrics;

namespace OpenClue.Server.Platform.Observability;

/// <summary>
/// OpenClue's own instruments on <see cref="System.Diagnostics.Metrics"/>. The names are those the Prometheus
/// endpoint has always served (the exporter adds <c>_total</c> to counters and the unit to histograms):
/// <c>openclue_http_requests_total{method,route,status}</c>, <c>openclue_http_request_duration_seconds{method,route}</c>,
/// <c>openclue_jobs_total{kind,status}</c>, <c>openclue_job_duration_seconds{kind}</c>, and the gauge
/// <c>openclue_jobs{kind,status}</c> registered by the job module.
/// </summary>
public sealed class OpenClueMetrics
{
    private static readonly double[] RequestDurationBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] JobDurationBuckets = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _jobs;
    private readonly Histogram<double> _jobDuration;

    public OpenClueMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(OpenClueTelemetry.Name, Hosting.ServerInfo.Version);
        _requests = Meter.CreateCounter<long>("openclue_http_requests", description: "HTTP requests handled, by method, route template and status code.");
        _requestDuration = Meter.CreateHistogram("openclue_http_request_duration", "s", "HTTP request duration in seconds, by method and route template.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestDurationBuckets });
        _jobs = Meter.CreateCounter<long>("openclue_jobs_total", description: "Jobs finished, by kind and final status.");
        _jobDuration = Meter.CreateHistogram("openclue_job_duration", "s", "Job run time in seconds, by kind.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = JobDurationBuckets });
    }

    /// <summary>The meter, for gauges other modules observe.</summary>
    public Meter Meter { get; }

    public void ObserveRequest(string method, string route, int status, double seconds)
    {
        _requests.Add(1, new("method", method), new("route", route), new("status", status));
        _requestDuration.Record(seconds, new KeyValuePair<string, object?>("method", method), new("route", route));
    }

    public void JobFinished(string kind, string status, double seconds)
    {
        _jobs.Add(1, new KeyValuePair<string, object?>("kind", kind), new("status", status));
        _jobDuration.Record(seconds, new KeyValuePair<string, object?>("kind", kind));
    }
}
