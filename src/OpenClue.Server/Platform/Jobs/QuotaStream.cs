using OpenClue.Modeling.Data;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// Counts what a job writes into an artifact and fails the write with <c>DISK_SPACE_SHORTAGE</c> the moment the
/// tenant's quota would be passed (D22), so an over-quota job stops at the quota instead of writing its whole output
/// first. The stream underneath belongs to the caller.
/// </summary>
public sealed class QuotaStream(Stream inner, long bytesLeft, string tenant, long quota) : Stream
{
    private long _left = bytesLeft;

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Take(buffer.Length);
        inner.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Take(buffer.Length);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Take(int count)
    {
        _left -= count;
        if (_left < 0)
            throw new JobFailedException(FailMessages.DiskSpaceShortage, $"Tenant {tenant} reached its quota of {quota} bytes while writing");
    }

    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
