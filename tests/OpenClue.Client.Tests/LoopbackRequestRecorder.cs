using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpenClue.Client.Tests;

/// <summary>
/// One-shot raw TCP HTTP/1.1 server: records the request line and headers exactly as they arrived,
/// so tests can compare what was signed with what was actually on the wire.
/// </summary>
internal sealed class LoopbackRequestRecorder : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public LoopbackRequestRecorder() => _listener.Start();

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public async Task<RecordedRequest> ReceiveOneAsync()
    {
        using var socket = await _listener.AcceptSocketAsync();
        var head = await ReadHeadAsync(socket);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
        return RecordedRequest.Parse(head);
    }

    private static async Task<string> ReadHeadAsync(Socket socket)
    {
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer);
            if (read == 0) break;
            head.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }
        return head.ToString();
    }

    public void Dispose() => _listener.Stop();
}

internal sealed record RecordedRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    public static RecordedRequest Parse(string head)
    {
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = lines.Skip(1)
            .TakeWhile(line => line.Length > 0)
            .Select(line => line.Split(':', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new RecordedRequest(requestLine[0], requestLine[1], headers);
    }
}
