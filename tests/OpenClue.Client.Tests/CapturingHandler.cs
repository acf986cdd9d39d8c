namespace OpenClue.Client.Tests;

/// <summary>Terminal handler that records the request it would have sent and answers 204.</summary>
internal sealed class CapturingHandler : HttpMessageHandler
{
    public HttpRequestMessage? Captured { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Captured = request;
        return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NoContent));
    }
}
