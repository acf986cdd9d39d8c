using System.Globalization;

namespace OpenClue.Client;

/// <summary>
/// Signs every outgoing request with NCP signature v2. Works with any HttpClient,
/// against OpenClue or NAVER Cloud's own gateway.
/// </summary>
public sealed class SignatureV2Handler : DelegatingHandler
{
    private readonly string _accessKey;
    private readonly string _secretKey;
    private readonly TimeProvider _clock;

    public SignatureV2Handler(string accessKey, string secretKey, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        _accessKey = accessKey;
        _secretKey = secretKey;
        _clock = clock ?? TimeProvider.System;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Sign(request);
        return base.SendAsync(request, cancellationToken);
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Sign(request);
        return base.Send(request, cancellationToken);
    }

    private void Sign(HttpRequestMessage request)
    {
        var timestamp = _clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signature = NcpSignatureV2.ComputeSignature(
            request.Method.Method, RequestTarget(request), timestamp, _accessKey, _secretKey);

        SetHeader(request, NcpSignatureHeaders.Timestamp, timestamp);
        SetHeader(request, NcpSignatureHeaders.AccessKey, _accessKey);
        SetHeader(request, NcpSignatureHeaders.Signature, signature);
    }

    // SocketsHttpHandler writes Uri.PathAndQuery as the origin-form target (HTTP/1.1 request line and
    // HTTP/2+ :path), which is already percent-encoded (non-ASCII as UTF-8, spaces as %20) and has no fragment.
    // Through a plain-HTTP proxy the line is absolute-form, but the proxy forwards this same path and query.
    private static string RequestTarget(HttpRequestMessage request)
    {
        var uri = request.RequestUri
            ?? throw new InvalidOperationException("Cannot sign a request without a RequestUri.");
        if (!uri.IsAbsoluteUri)
        {
            throw new InvalidOperationException(
                $"Cannot sign relative URI '{uri}'; send it through an HttpClient with a BaseAddress.");
        }
        return uri.PathAndQuery;
    }

    private static void SetHeader(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }
}
