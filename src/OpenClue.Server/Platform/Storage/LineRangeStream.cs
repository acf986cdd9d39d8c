namespace OpenClue.Server.Platform.Storage;

/// <summary>
/// The lines of a text file that start in the byte range [start, end): how a large file is split into shards
/// that different workers read without cutting a line in two. The inner stream must begin at byte
/// <c>start - 1</c> (or 0 when start is 0) so the reader can tell whether <c>start</c> begins a line.
/// </summary>
public sealed class LineRangeStream : ReadOnlyStream
{
    private readonly long? _end;
    private long _position;       // absolute file offset of the next inner byte
    private bool _skipping;       // discarding the tail of the line that belongs to the previous shard
    private bool _lastWasNewline = true;
    private bool _done;

    public LineRangeStream(Stream inner, long start, long? end) : base(inner)
    {
        _end = end;
        _position = start > 0 ? start - 1 : 0;
        _skipping = start > 0;
    }

    public static long InnerOffset(long start) => start > 0 ? start - 1 : 0;

    public override int Read(Span<byte> buffer)
    {
        while (!_done && buffer.Length > 0)
        {
            var read = Inner.Read(buffer);
            if (read == 0) { _done = true; return 0; }
            var chunk = buffer[..read];
            var chunkStart = _position;
            _position += read;
            var from = 0;
            if (_skipping)
            {
                var newline = chunk.IndexOf((byte)'\n');
                if (newline < 0) continue;
                _skipping = false;
                from = newline + 1;
                if (chunkStart + from >= (_end ?? long.MaxValue)) { _done = true; return 0; } // no line starts in range
            }
            var to = CutPoint(chunk, chunkStart, from);
            var length = to - from;
            if (length == 0) { if (_done) return 0; continue; }
            _lastWasNewline = chunk[to - 1] == (byte)'\n';
            if (from > 0) chunk[from..to].CopyTo(buffer);
            return length;
        }
        return 0;
    }

    /// <summary>Where to stop emitting within the chunk: after the line that crosses the end of the range.</summary>
    private int CutPoint(Span<byte> chunk, long chunkStart, int from)
    {
        if (_end is not { } end || chunkStart + chunk.Length <= end) return chunk.Length;
        var endInChunk = (int)Math.Max(from, end - chunkStart);
        var lineStartsAtEnd = endInChunk == 0 ? _lastWasNewline : chunk[endInChunk - 1] == (byte)'\n';
        if (lineStartsAtEnd) { _done = true; return endInChunk; }
        var newline = chunk[endInChunk..].IndexOf((byte)'\n');
        if (newline < 0) return chunk.Length;
        _done = true;
        return endInChunk + newline + 1;
    }
}
