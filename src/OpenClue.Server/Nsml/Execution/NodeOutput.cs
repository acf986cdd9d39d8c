using System.Text;
using OpenClue.Server.Nsml.Runs;

namespace OpenClue.Server.Nsml.Execution;

/// <summary>
/// Captures one node's stdout and stderr into the run's log as it comes: buffered, flushed in whole lines every
/// 200 ms, at most <c>Nsml:LogBytesPerNode</c> bytes, then one truncation line and the rest is dropped (the pipe
/// is still drained so the command never blocks on it).
/// </summary>
public sealed class NodeOutput : IAsyncDisposable
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(200);
    private const int FlushBytes = 64 << 10;

    private readonly RunLogStore _store;
    private readonly long _runSeq;
    private readonly int _rank;
    private readonly long _limit;
    private readonly ILogger _log;
    private readonly object _lock = new();
    private readonly MemoryStream _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _flusher;
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private long _accepted;
    private bool _truncated;

    public NodeOutput(RunLogStore store, long runSeq, int rank, long limit, ILogger log)
    {
        _store = store;
        _runSeq = runSeq;
        _rank = rank;
        _limit = limit;
        _log = log;
        _flusher = FlushLoopAsync();
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_lock)
        {
            if (_truncated) return;
            var room = _limit - _accepted;
            if (data.Length <= room)
            {
                _pending.Write(data);
                _accepted += data.Length;
                return;
            }
            _pending.Write(data[..(int)Math.Max(0, room)]);
            _accepted = _limit;
            _truncated = true;
            _pending.Write(Encoding.UTF8.GetBytes($"\n[openclue] The output of node {_rank} is truncated here: it passed {_limit} bytes (OpenClue:Nsml:LogBytesPerNode).\n"));
        }
    }

    /// <summary>A line of the server's own about the node (start failures, exit), marked as such.</summary>
    public void Note(string message) => WriteAlways(Encoding.UTF8.GetBytes($"[openclue] {message}\n"));

    private void WriteAlways(byte[] data)
    {
        lock (_lock) _pending.Write(data);
    }

    /// <summary>Reads a stream to its end into the log.</summary>
    public async Task PumpAsync(Stream stream)
    {
        var buffer = new byte[16 << 10];
        int read;
        try
        {
            while ((read = await stream.ReadAsync(buffer)) > 0) Write(buffer.AsSpan(0, read));
        }
        catch (IOException) { } // the pipe was torn down with the process
        catch (ObjectDisposedException) { }
    }

    private async Task FlushLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try { await Task.Delay(FlushInterval, _stop.Token); } catch (OperationCanceledException) { break; }
            await FlushAsync(final: false);
        }
    }

    /// <summary>Writes what is buffered: whole lines only unless <paramref name="final"/> or the buffer is large.</summary>
    public async Task FlushAsync(bool final)
    {
        await _flushGate.WaitAsync();
        try
        {
            byte[] data;
            lock (_lock)
            {
                if (_pending.Length == 0) return;
                var bytes = _pending.GetBuffer().AsSpan(0, (int)_pending.Length);
                var cut = final || bytes.Length >= FlushBytes ? bytes.Length : bytes.LastIndexOf((byte)'\n') + 1;
                if (cut == 0) return;
                data = bytes[..cut].ToArray();
                var rest = bytes[cut..].ToArray();
                _pending.SetLength(0);
                _pending.Write(rest);
            }
            await _store.AppendAsync(_runSeq, _rank, data, CancellationToken.None);
        }
        catch (Exception ex)
        {
            _log.LogWarning(ex, "Could not write the log of node {Rank} of run {RunSeq}", _rank, _runSeq);
        }
        finally
        {
            _flushGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _flusher;
        await FlushAsync(final: true);
        _stop.Dispose();
    }
}
