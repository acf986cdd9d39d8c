using System.Text;
using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Tests.Storage;

public sealed class LineRangeStreamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Shards_at_arbitrary_byte_offsets_together_hold_every_line_exactly_once(int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        for (var i = 0; i < 200; i++) text.Append('u').Append(i).Append('\t').Append(new string('x', random.Next(0, 40))).Append('\n');
        if (seed % 2 == 0) text.Append("last-without-newline");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        for (var trial = 0; trial < 50; trial++)
        {
            var cuts = Enumerable.Range(0, random.Next(1, 12)).Select(_ => (long)random.Next(0, bytes.Length + 1))
                .Append(0).Append(bytes.Length).Distinct().Order().ToList();
            var joined = new MemoryStream();
            for (var i = 0; i + 1 < cuts.Count; i++)
            {
                var start = cuts[i];
                var end = i + 2 == cuts.Count ? (long?)null : cuts[i + 1];
                var inner = new MemoryStream(bytes, (int)LineRangeStream.InnerOffset(start), bytes.Length - (int)LineRangeStream.InnerOffset(start));
                using var shard = new SmallReads(new LineRangeStream(inner, start, end), random.Next(1, 9));
                shard.CopyTo(joined);
            }
            Assert.Equal(bytes, joined.ToArray());
        }
    }

    /// <summary>Reads in tiny pieces so chunk boundaries fall everywhere.</summary>
    private sealed class SmallReads(Stream inner, int size) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, size));
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long o, SeekOrigin s) => throw new NotSupportedException();
        public override void SetLength(long v) => throw new NotSupportedException();
        public override void Write(byte[] b, int o, int c) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { if (disposing) inner.Dispose(); }
    }
}
