namespace OpenClue.Server.Platform.Storage;

/// <summary>Passes reads through and tells <c>counted</c> how many bytes each one returned (job progress).</summary>
public sealed class CountingReadStream(Stream inner, Action<int> counted) : ReadOnlyStream(inner)
{
    public override int Read(Span<byte> buffer)
    {
        var read = Inner.Read(buffer);
        if (read > 0) counted(read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Inner.ReadAsync(buffer, cancellationToken);
        if (read > 0) counted(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
}
