using System.IO.Compression;
using OpenClue.Modeling.Data;

namespace OpenClue.Modeling.Tests;

/// <summary>The reader's bounds (issue 11): line length, NUL per chunk, gzip size and ratio, the bounded personal-data scan.</summary>
public class DatasetLimitsTests
{
    /// <summary>A stream of <paramref name="length"/> copies of one byte, never materialised.</summary>
    private sealed class Repeating(byte value, long length) : Stream
    {
        private long _left = length;
        public long BytesRead { get; private set; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _left);
            buffer.AsSpan(offset, n).Fill(value);
            _left -= n;
            BytesRead += n;
            return n;
        }
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

    private static readonly byte[] Newlines = Enumerable.Repeat((byte)'\n', 1 << 20).ToArray();

    private static DatasetException Fails(Stream stream, DatasetLimits limits) =>
        Assert.Throws<DatasetException>(() => SequenceDatasetReader.Read([new DatasetPart("f", () => stream)], limits).Count());

    [Fact]
    public void A_line_over_the_limit_fails_without_reading_the_rest()
    {
        var source = new Repeating((byte)'a', 1L << 32);
        var error = Fails(source, DatasetLimits.Default with { MaxLineChars = 1 << 20 });
        Assert.Equal(FailMessages.UnexpectedTxtFormat, error.FailMessage);
        Assert.True(source.BytesRead < 4 << 20, $"read {source.BytesRead} bytes");
    }

    [Fact]
    public void Nul_is_refused_at_the_first_chunk_with_its_line_number()
    {
        var source = new Repeating(0, 1L << 32);
        Assert.Equal(FailMessages.UnexpectedFileType, Fails(source, DatasetLimits.Default).FailMessage);
        Assert.True(source.BytesRead < 1 << 20);
        var error = Fails(new MemoryStream("u1\ta\nu2\tb\0c\n"u8.ToArray()), DatasetLimits.Default);
        Assert.Equal(2, error.LineNumber);
    }

    [Fact]
    public void Gzip_over_its_size_or_ratio_fails()
    {
        var gz = new MemoryStream();
        using (var gzip = new GZipStream(gz, CompressionLevel.SmallestSize, leaveOpen: true))
            for (var i = 0; i < 80; i++) gzip.Write(Newlines);
        var bytes = gz.ToArray();
        Assert.Equal(FailMessages.UnexpectedFileType, Fails(new MemoryStream(bytes), DatasetLimits.Default).FailMessage); // ratio > 200
        Assert.Equal(FailMessages.UnexpectedFileType,
            Fails(new MemoryStream(bytes), new DatasetLimits(1 << 20, 10 << 20, 0)).FailMessage); // size > 10 MiB
        Assert.Equal(FailMessages.NotExistFile, Fails(new MemoryStream(bytes), new DatasetLimits(1 << 20, 0, 0)).FailMessage); // unbounded: blank lines only
    }

    [Fact]
    public void The_personal_data_scan_stops_at_its_character_budget()
    {
        var source = new Repeating((byte)'7', 1L << 32);
        Assert.False(PersonalDataDetector.ScanHead(source, maxLines: 10_000, maxChars: 1 << 20));
        Assert.True(source.BytesRead < 4 << 20);
    }
}
