using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// Counts the bytes a job reads through the streams it wraps (<see cref="Count"/>) and publishes the whole percent of
/// the known total: on the reading thread only an add and a compare; a write at most once an interval, on a task of
/// its own, and only the latest value when writes queue up.
/// </summary>
public sealed class ProgressMeter
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly Func<int?, string?, Task> _write;
    private readonly long _total;
    private readonly string? _afterRead;
    private readonly Lock _gate = new();
    private long _read;
    private int _shown = -1;
    private long _lastWrite;
    private bool _finished;
    private (int? Percent, string? Detail)? _next;
    private Task? _writer;

    /// <param name="total">Bytes the job will read; 0 or less when unknown (nothing is written).</param>
    /// <param name="afterRead">Written with an unknown (null) percent once everything is read, when what follows has no known end.</param>
    /// <param name="write">Stores a percent and its detail (never called concurrently).</param>
    public ProgressMeter(TimeProvider time, TimeSpan interval, long total, string? afterRead, Func<int?, string?, Task> write)
    {
        _time = time;
        _interval = interval;
        _write = write;
        _total = total;
        _afterRead = afterRead;
        _lastWrite = time.GetTimestamp();
    }

    /// <summary>The stream, counting what is read through it toward this meter (it owns the stream).</summary>
    public Stream Count(Stream inner) => new CountingReadStream(inner, Add);

    private void Add(int bytes)
    {
        var read = Interlocked.Add(ref _read, bytes);
        if (_total <= 0 || Volatile.Read(ref _finished)) return;
        var percent = (int)Math.Min(99, read * 100 / _total);
        if (read >= _total && _afterRead is not null)
        {
            Volatile.Write(ref _finished, true);
            Publish(null, _afterRead);
            return;
        }
        if (percent <= Volatile.Read(ref _shown)) return;
        var now = _time.GetTimestamp();
        if (_time.GetElapsedTime(Interlocked.Read(ref _lastWrite), now) < _interval) return;
        Interlocked.Exchange(ref _lastWrite, now);
        Volatile.Write(ref _shown, percent);
        Publish(percent, JobProgress.BytesRead(read, _total));
    }

    private void Publish(int? percent, string? detail)
    {
        lock (_gate)
        {
            _next = (percent, detail);
            if (_writer is not null) return; // the running writer takes the latest value next
            _writer = Task.Run(WriteLatestAsync);
        }
    }

    private async Task WriteLatestAsync()
    {
        while (true)
        {
            (int? Percent, string? Detail) state;
            lock (_gate)
            {
                if (_next is not { } next)
                {
                    _writer = null;
                    return;
                }
                state = next;
                _next = null;
            }
            await _write(state.Percent, state.Detail);
        }
    }
}
