namespace OpenClue.Server.Platform.Storage.S3;

/// <summary>
/// The write-only stream a publisher's <c>write</c> callback fills: bytes collect in a part-sized buffer; each full
/// buffer is uploaded in the background while the next one fills, so at most two parts are held in memory. Works for
/// synchronous and asynchronous writers (a synchronous write blocks only while the previous part is still uploading).
/// An upload failure surfaces on the next write or at <see cref="CompleteAsync"/>.
/// </summary>
public sealed class S3PartWriteStream : Stream
{
    private readonly S3MultipartUpload _upload;
    private readonly int _partSize;
    private readonly CancellationToken _ct;
    private byte[] _current;
    private byte[]? _spare;
    private int _filled;
    private int _nextPart = 1;
    private Task? _inFlight;
    private long _length;
    private bool _closed;

    public S3PartWriteStream(S3MultipartUpload upload, int partSize, CancellationToken ct)
    {
        if (partSize < S3TransferOptions.MinPartSize) throw new ArgumentOutOfRangeException(nameof(partSize));
        (_upload, _partSize, _ct) = (upload, partSize, ct);
        _current = new byte[partSize];
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_closed;
    /// <summary>Bytes written so far.</summary>
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        EnsureWritable();
        while (!buffer.IsEmpty)
        {
            var n = Math.Min(buffer.Length, _partSize - _filled);
            buffer[..n].CopyTo(_current.AsSpan(_filled));
            _filled += n;
            _length += n;
            buffer = buffer[n..];
            if (_filled == _partSize)
            {
                WaitInFlight().GetAwaiter().GetResult(); // at most one part uploading while the other fills
                StartPart();
            }
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        while (!buffer.IsEmpty)
        {
            var n = Math.Min(buffer.Length, _partSize - _filled);
            buffer.Span[..n].CopyTo(_current.AsSpan(_filled));
            _filled += n;
            _length += n;
            buffer = buffer[n..];
            if (_filled == _partSize)
            {
                await WaitInFlight();
                StartPart();
            }
        }
    }

    public override void Flush() { } // parts go up when full; the rest at completion
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Uploads what is left and makes the object visible. The stream accepts no writes afterwards.</summary>
    public async Task CompleteAsync()
    {
        EnsureWritable();
        _closed = true;
        await WaitInFlight();
        if (_upload.UploadId is null)
        {
            await _upload.CompleteAsync(_current.AsMemory(0, _filled), _ct);
            return;
        }
        if (_filled > 0) await _upload.UploadPartAsync(_nextPart++, _current.AsMemory(0, _filled), _ct);
        await _upload.CompleteAsync(ReadOnlyMemory<byte>.Empty, _ct);
    }

    /// <summary>Waits for a part still uploading, for cleanup; never throws.</summary>
    public async Task DrainAsync()
    {
        _closed = true;
        if (_inFlight is { } task) await task.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private void StartPart()
    {
        var full = _current;
        var number = _nextPart++;
        _current = _spare ?? new byte[_partSize];
        _spare = null;
        _filled = 0;
        _inFlight = UploadAndRecycle(number, full);
    }

    private async Task UploadAndRecycle(int number, byte[] part)
    {
        await Task.Yield(); // let the writer keep filling the other buffer while this part goes up
        await _upload.UploadPartAsync(number, part, _ct);
        _spare = part;
    }

    private async Task WaitInFlight()
    {
        if (_inFlight is not { } task) return;
        try
        {
            await task;
            _inFlight = null;
        }
        catch
        {
            _closed = true; // a failed part fails the whole object: later writes rethrow it
            throw;
        }
    }

    private void EnsureWritable()
    {
        if (_inFlight is { IsFaulted: true } or { IsCanceled: true }) WaitInFlight().GetAwaiter().GetResult();
        if (_closed) throw new InvalidOperationException("The upload was completed or has failed; no more bytes can be written.");
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
