using System.Diagnostics;
using OpenClue.Client;

namespace OpenClue.Cli.Http;

/// <summary>With <c>--verbose</c>: each request as signed, and each answer with its time and request id, on stderr.</summary>
internal sealed class VerboseHandler(TextWriter log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var timestamp = request.Headers.TryGetValues(NcpSignatureHeaders.Timestamp, out var ts) ? ts.First() : "-";
        var key = request.Headers.TryGetValues(NcpSignatureHeaders.AccessKey, out var ak) ? ak.First() : "-";
        log.WriteLine($"> {request.Method} {request.RequestUri} (access key {key}, timestamp {timestamp})");
        var clock = Stopwatch.StartNew();
        var response = await base.SendAsync(request, ct);
        var requestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.First() : "-";
        log.WriteLine($"< {(int)response.StatusCode} {response.ReasonPhrase} in {clock.ElapsedMilliseconds} ms, request id {requestId}");
        return response;
    }
}
