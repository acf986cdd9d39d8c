using System.Globalization;
using System.Net.Sockets;
using System.Text;
using OpenClue.Client;

namespace OpenClue.Server.Tests.Infrastructure;

/// <summary>
/// A signed HTTP/1.1 request written on a bare socket: the target goes out exactly as given (HttpClient would
/// normalise <c>%2E%2E</c>), and the body can be stopped half-way by closing the connection.
/// </summary>
public sealed class RawSignedRequest : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawSignedRequest(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Connects and sends the request line and headers (with <c>Content-Length</c> when given).</summary>
    public static async Task<RawSignedRequest> StartAsync(OpenClueHost host, string method, string target, long? contentLength = null)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(host.BaseAddress.Host, host.BaseAddress.Port);
        var request = new RawSignedRequest(tcp);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signature = NcpSignatureV2.ComputeSignature(method, target, timestamp, host.AccessKey, host.SecretKey);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {host.BaseAddress.Authority}\r\n")
            .Append(CultureInfo.InvariantCulture, $"x-ncp-apigw-timestamp: {timestamp}\r\n")
            .Append(CultureInfo.InvariantCulture, $"x-ncp-iam-access-key: {host.AccessKey}\r\n")
            .Append(CultureInfo.InvariantCulture, $"x-ncp-apigw-signature-v2: {signature}\r\n");
        if (contentLength is { } length) head.Append(CultureInfo.InvariantCulture, $"Content-Length: {length}\r\n");
        head.Append("Connection: close\r\n\r\n");
        await request._stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        return request;
    }

    public async Task SendAsync(ReadOnlyMemory<byte> body)
    {
        await _stream.WriteAsync(body);
        await _stream.FlushAsync();
    }

    /// <summary>Everything the server answered, up to its closing the connection.</summary>
    public async Task<string> ReadResponseAsync()
    {
        using var reader = new StreamReader(_stream, Encoding.UTF8, leaveOpen: true);
        return await reader.ReadToEndAsync();
    }

    /// <summary>Drops the connection at once (a reset, not a graceful end of the body).</summary>
    public void Abort()
    {
        _tcp.Client.LingerState = new LingerOption(true, 0);
        _tcp.Close();
    }

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
    }
}
