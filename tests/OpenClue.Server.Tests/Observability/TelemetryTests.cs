using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenClue.Server.Platform.Observability;
using OpenClue.Server.Tests.Infrastructure;
using OpenTelemetry.Trace;

namespace OpenClue.Server.Tests.Observability;

/// <summary>The real server's telemetry: metrics with true statuses, spans of requests and jobs, OTLP export, JSON logs.</summary>
/// <remarks>Alone: OpenTelemetry listens to meters and activity sources by name, process-wide, so another test's host in this
/// process would add its requests and jobs to these counts.</remarks>
[Collection(AloneCollection.Name)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task A_not_found_domain_error_is_counted_as_404_under_its_route_template()
    {
        await using var host = OpenClueHost.Start();
        var missing = await host.Client.GetJsonAsync($"/api/v1/features/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);

        var text = await host.CreateUnsignedClient().GetStringAsync("/metrics");
        Assert.Equal(1, PrometheusSamples.Value(text, "openclue_http_requests_total", ("method", "GET"), ("route", "/api/v1/features/{featureId}"), ("status", "404")));
        Assert.Null(PrometheusSamples.Value(text, "openclue_http_requests_total", ("route", "/api/v1/features/{featureId}"), ("status", "500")));
        // ASP.NET Core's own meter comes along, with the same status.
        Assert.NotNull(PrometheusSamples.Value(text, "http_server_request_duration_seconds_count", ("http_route", "/api/v1/features/{featureId}"), ("http_response_status_code", "404")));
    }

    [Fact]
    public async Task A_job_has_its_own_span_with_job_id_and_tenant_linked_from_the_request_that_created_it()
    {
        var spans = new List<Activity>();
        string featureId;
        await using (var host = OpenClueHost.Start(services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans))))
        {
            var data = BehaviorData.Generate(200, seed: 2);
            data.WriteSequences(Path.Combine(host.Bucket("traced"), "seq.tsv"));
            var created = await host.Client.PostJsonAsync("/api/v1/features", new { name = "traced", source_bucket = "traced", source_file_path = "seq.tsv" });
            Assert.Equal(HttpStatusCode.OK, created.Status);
            featureId = created.Field("feature_id");
            Assert.Equal("completed", (await host.Client.WaitForEndAsync($"/api/v1/features/{featureId}")).Last.Field("status"));

            // The job metrics keep their names: the queue gauge and the finished-jobs counter and histogram.
            var text = await host.CreateUnsignedClient().GetStringAsync("/metrics");
            Assert.Equal(1, PrometheusSamples.Value(text, "openclue_jobs", ("kind", "feature"), ("status", "completed")));
            Assert.Equal(1, PrometheusSamples.Value(text, "openclue_jobs_total", ("kind", "feature"), ("status", "completed")));
            Assert.Equal(1, PrometheusSamples.Value(text, "openclue_job_duration_seconds_count", ("kind", "feature")));
        } // disposing flushes the exporter

        Activity[] finished;
        lock (spans) finished = [.. spans];
        var request = Assert.Single(finished, a => a.Kind == ActivityKind.Server && a.DisplayName == "POST /api/v1/features/");
        var jobs = finished.Where(a => a.Source.Name == OpenClueTelemetry.Name && (string?)a.GetTagItem(OpenClueTelemetry.JobIdTag) == featureId).ToList();
        Assert.True(jobs.Count == 1, string.Join(", ", finished.Select(a => $"{a.Source.Name}:{a.DisplayName}")));
        var job = jobs[0];
        Assert.Equal("job feature", job.DisplayName);
        Assert.Equal("default", job.GetTagItem(OpenClueTelemetry.TenantTag));
        var link = Assert.Single(job.Links);
        Assert.Equal(request.TraceId, link.Context.TraceId);
        Assert.Equal(request.SpanId, link.Context.SpanId);
        // The probe endpoints make no spans; the signed GETs that polled the job do.
        Assert.DoesNotContain(finished, a => a.DisplayName.Contains("/healthz", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_OTEL_EXPORTER_OTLP_ENDPOINT_set_traces_metrics_and_logs_are_exported_over_OTLP()
    {
        using var collector = new OtlpReceiver();
        var dataDir = Directory.CreateTempSubdirectory("openclue-otlp-").FullName;
        try
        {
            await using var server = await ServerProcess.StartAsync(dataDir, "AKOTLP", "otlp-secret", new Dictionary<string, string>
            {
                [ObservabilityExtensions.OtlpEndpointVariable] = collector.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            });
            using var api = new HttpClient(new OpenClue.Client.SignatureV2Handler("AKOTLP", "otlp-secret") { InnerHandler = new SocketsHttpHandler() })
            { BaseAddress = server.BaseAddress };
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/features")).StatusCode);
            await server.StopAsync(); // a graceful stop flushes every exporter
        }
        finally
        {
            OpenClueHost.TryDeleteDirectory(dataDir);
        }

        var traces = Encoding.UTF8.GetString(collector.Received("/v1/traces").SelectMany(b => b).ToArray());
        Assert.Contains("openclue", traces);           // service.name
        Assert.Contains("/api/v1/features", traces);   // the request's span
        Assert.Contains("openclue_http_requests", Encoding.UTF8.GetString(collector.Received("/v1/metrics").SelectMany(b => b).ToArray()));
        Assert.NotEmpty(collector.Received("/v1/logs"));
    }

    [Fact]
    public async Task With_the_json_formatter_every_output_line_is_JSON_and_carries_one_request_id()
    {
        var dataDir = Directory.CreateTempSubdirectory("openclue-json-logs-").FullName;
        try
        {
            await using var server = await ServerProcess.StartAsync(dataDir, "AKJSON", "json-secret",
                new Dictionary<string, string> { ["Logging:Console:FormatterName"] = "json" });
            using var api = new HttpClient(new OpenClue.Client.SignatureV2Handler("AKJSON", "json-secret") { InnerHandler = new SocketsHttpHandler() })
            { BaseAddress = server.BaseAddress };
            var ids = new List<string>();
            foreach (var path in new[] { "/api/v1/features", $"/api/v1/tasks/{Guid.NewGuid()}", "/no/such/path" })
            {
                using var response = await api.GetAsync(path);
                ids.Add(response.Headers.GetValues("X-Request-Id").Single());
            }
            await server.StopAsync();

            var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.NotEmpty(lines);
            var entries = lines.Select(line =>
            {
                try { return JsonDocument.Parse(line).RootElement; }
                catch (JsonException) { throw new Xunit.Sdk.XunitException($"not JSON: {line}"); }
            }).ToList();
            // Every line of a request carries exactly one request id, ours (not also Kestrel's).
            Assert.All(entries.Where(e => RequestIds(e).Count > 0), e => Assert.Single(RequestIds(e)));
            var access = ids.Select(id => Assert.Single(entries, e =>
                e.GetProperty("Category").GetString() == RequestTelemetryMiddleware.AccessLogCategory && RequestIds(e).Contains(id))
                .GetProperty("State")).ToList(); // one access line per request
            Assert.All(access, state => Assert.Equal("GET", state.GetProperty("Method").ToString()));
            Assert.Equal(("/api/v1/features/", "200", "default"),
                (access[0].GetProperty("Route").ToString(), access[0].GetProperty("StatusCode").ToString(), access[0].GetProperty("Tenant").ToString()));
            Assert.Equal(("/api/v1/tasks/{taskId}", "404"), (access[1].GetProperty("Route").ToString(), access[1].GetProperty("StatusCode").ToString()));
            Assert.Equal("unmatched", access[2].GetProperty("Route").ToString());
        }
        finally
        {
            OpenClueHost.TryDeleteDirectory(dataDir);
        }
    }

    /// <summary>Every RequestId property in a JSON log entry's scopes and state.</summary>
    private static List<string> RequestIds(JsonElement entry)
    {
        var found = new List<string>();
        if (entry.TryGetProperty("Scopes", out var scopes))
            foreach (var scope in scopes.EnumerateArray())
                if (scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("RequestId", out var id)) found.Add(id.GetString()!);
        if (entry.GetProperty("State").TryGetProperty("RequestId", out var own)) found.Add(own.GetString()!);
        return found;
    }
}
