namespace OpenClue.Server.Platform.Storage;

/// <summary>Reads at most <c>length</c> bytes of the inner stream.</summary>
public sealed class BoundedStream(Stream inner, long length) : ReadOnlyStream(inner)
{
    private long _left = length;

    public override int Read(Span<byte> buffer)
    {
        if (_left <= 0) return 0;
        var read = Inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
        _left -= read;
        return read;
    }
}
