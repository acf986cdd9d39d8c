namespace OpenClue.Modeling.Data;

/// <summary>
/// Read-only stream that replays a few already-consumed bytes before the rest of <c>inner</c>; lets us sniff the gzip
/// magic on non-seekable streams (HTTP bodies, object-storage downloads). Remembers the last 8 bytes read, which at
/// the end of a gzip file are its CRC-32/ISIZE trailer.
/// </summary>
internal sealed class PrefixedStream(byte[] prefix, int prefixLength, Stream inner, bool leaveOpen) : Stream
{
    private int _prefixPosition;
    private readonly byte[] _tail = new byte[8];
    private long _totalRead;

    /// <summary>The last min(8, bytes read) bytes read so far, oldest first.</summary>
    /// <summary>Bytes read through this stream so far (for gzip: the compressed size consumed).</summary>
    public long TotalRead => _totalRead;

    public ReadOnlySpan<byte> Tail => _tail.AsSpan(8 - (int)Math.Min(8, _totalRead));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_prefixPosition < prefixLength)
        {
            int n = Math.Min(buffer.Length, prefixLength - _prefixPosition);
            prefix.AsSpan(_prefixPosition, n).CopyTo(buffer);
            _prefixPosition += n;
            Remember(buffer[..n]);
            return n;
        }
        int read = inner.Read(buffer);
        Remember(buffer[..read]);
        return read;
    }

    private void Remember(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 8)
        {
            bytes[^8..].CopyTo(_tail);
        }
        else if (bytes.Length > 0)
        {
            _tail.AsSpan(bytes.Length).CopyTo(_tail); // shift left
            bytes.CopyTo(_tail.AsSpan(8 - bytes.Length));
        }
        _totalRead += bytes.Length;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) inner.Dispose();
        base.Dispose(disposing);
    }
}
