namespace OpenClue.Server.Tests.Infrastructure;

/// <summary>
/// A read-only, non-seekable stream of <c>length</c> pseudo-random bytes made as they are read (xorshift), so a test can
/// send an object larger than any buffer without holding it, and the same seed makes the same bytes.
/// </summary>
public sealed class GeneratedStream(long length, ulong seed) : Stream
{
    private long _left = length;
    private ulong _state = seed * 0x9E3779B97F4A7C15UL + 1;

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, _left);
        for (var i = 0; i < count; i++)
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            buffer[i] = (byte)_state;
        }
        _left -= count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
