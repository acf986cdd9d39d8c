using OpenClue.Modeling.Data;

namespace OpenClue.Server.Platform.Storage;

/// <summary>
/// Fails a read that makes no progress for <c>timeout</c> (a hung network mount under a local bucket) with
/// <c>OBS_DOWNLOAD_FAILED</c>, instead of holding a worker until the job's 6-hour timeout. A blocked system call cannot
/// be interrupted, so the reads run on a thread of the stream's own, started at the first read, and the caller stops
/// waiting for a stuck one (the thread and its buffer are left to it; the stream is dead from then on). Its own thread,
/// not the pool's: callers block while they wait, and readers hopping onto a pool they are blocking could starve it.
/// </summary>
public sealed class StallGuardStream(Stream inner, TimeSpan timeout, string name) : ReadOnlyStream(inner)
{
    private const int MaxChunk = 1 << 20;

    private readonly SemaphoreSlim _requested = new(0);
    private Thread? _reader;
    private byte[] _chunk = [];
    private int _count;
    private TaskCompletionSource<int>? _pending;
    private volatile bool _closing;
    private bool _stalled;

    public override bool CanSeek => Inner.CanSeek;
    public override long Length => Inner.Length;
    public override long Position { get => Inner.Position; set => Inner.Position = value; }
    public override long Seek(long offset, SeekOrigin origin) => Inner.Seek(offset, origin);

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        if (timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan) return Inner.Read(buffer);
        var read = Request(buffer.Length);
        bool done;
        try
        {
            done = read.Wait(timeout);
        }
        catch (AggregateException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
        if (!done) throw Stalled();
        _chunk.AsSpan(0, read.Result).CopyTo(buffer);
        return read.Result;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) return 0;
        if (timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan) return await Inner.ReadAsync(buffer, cancellationToken);
        int n;
        try
        {
            n = await Request(buffer.Length).WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw Stalled();
        }
        catch (OperationCanceledException)
        {
            _stalled = true; // the abandoned read still owns the buffer
            throw;
        }
        _chunk.AsMemory(0, n).CopyTo(buffer);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Hands one read of up to <paramref name="wanted"/> bytes to the reading thread.</summary>
    private Task<int> Request(int wanted)
    {
        ObjectDisposedException.ThrowIf(_closing, this);
        if (_stalled) throw Stalled();
        _count = Math.Min(wanted, MaxChunk);
        if (_chunk.Length < _count) _chunk = new byte[Math.Max(_count, Math.Min(MaxChunk, 1 << 16))];
        var pending = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending = pending;
        if (_reader is null)
        {
            _reader = new Thread(ReadLoop) { IsBackground = true, Name = "OpenClue stall-guarded read" };
            _reader.Start();
        }
        _requested.Release();
        return pending.Task;
    }

    private void ReadLoop()
    {
        while (true)
        {
            _requested.Wait();
            if (_closing) return;
            var pending = _pending!;
            try
            {
                pending.TrySetResult(Inner.Read(_chunk, 0, _count));
            }
            catch (Exception ex)
            {
                pending.TrySetException(ex);
            }
        }
    }

    private StorageException Stalled()
    {
        _stalled = true; // the reading thread may still be inside the stuck read, with the buffer
        return new StorageException(FailMessages.ObsDownloadFailed, $"{name}: a read made no progress for {timeout} (Limits:ReadStall)");
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closing)
        {
            _closing = true;
            if (_reader is not null) _requested.Release(); // the reading thread ends when idle, or once a stuck read returns
        }
        base.Dispose(disposing);
    }
}
