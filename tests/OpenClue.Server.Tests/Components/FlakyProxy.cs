using System.Net;
using System.Net.Sockets;

namespace OpenClue.Server.Tests.Components;

/// <summary>
/// A loopback TCP relay in front of a real server that breaks the network the way production does: the first
/// <c>cuts</c> connections are reset (or, with <c>stall</c>, go silent but stay open) after relaying
/// <see cref="CutAfterBytes"/> bytes of the server's answer. Everything else passes through untouched.
/// </summary>
public sealed class FlakyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _cutsLeft;
    private int _connections;
    private int _cutsMade;
    private readonly bool _stall;

    public FlakyProxy(Uri target, long cutAfterBytes, int cuts, bool stall = false)
    {
        _stall = stall;
        _target = new IPEndPoint(IPAddress.Parse(target.Host), target.Port);
        CutAfterBytes = cutAfterBytes;
        _cutsLeft = cuts;
        _listener.Start();
        _accepting = AcceptLoop();
    }

    public long CutAfterBytes { get; }
    public int CutsMade => Volatile.Read(ref _cutsMade);
    public int Connections => Volatile.Read(ref _connections);
    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            Interlocked.Increment(ref _connections);
            _ = Relay(client);
        }
    }

    private async Task Relay(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_target, _stop.Token);
            var cut = Interlocked.Decrement(ref _cutsLeft) >= 0;
            var up = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
            var down = Pump(server.GetStream(), client.GetStream(), cut ? CutAfterBytes : long.MaxValue);
            await Task.WhenAny(up, down);
            if (down.IsCompletedSuccessfully && down.Result)
            {
                Interlocked.Increment(ref _cutsMade);
                if (_stall) await Task.Delay(Timeout.Infinite, _stop.Token); // silent, open, until the proxy is disposed
                client.Client.LingerState = new LingerOption(true, 0); // close with RST, like a dropped connection
            }
        }
        catch (Exception) { }
    }

    /// <summary>Relays until the server closes (false) or <paramref name="limit"/> bytes went through (true: cut here).</summary>
    private async Task<bool> Pump(Stream from, Stream to, long limit)
    {
        var buffer = new byte[81920];
        long sent = 0;
        while (sent < limit)
        {
            var n = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - sent)), _stop.Token);
            if (n == 0) return false;
            await to.WriteAsync(buffer.AsMemory(0, n), _stop.Token);
            sent += n;
        }
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _accepting; } catch (Exception) { }
        _stop.Dispose();
    }
}
