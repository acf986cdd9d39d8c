using System.IO.Compression;
using OpenClue.Modeling.Data;

namespace OpenClue.Modeling.Tests;

internal static class TestData
{
    public static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    public static DatasetPart Part(string name, byte[] bytes) => new(name, () => new MemoryStream(bytes, writable: false));

    public static DatasetPart Part(string name, string text) => Part(name, Utf8(text));

    public static DatasetPart[] Parts(params string[] texts) => texts.Select((t, i) => Part($"part-{i}.txt", t)).ToArray();

    public static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(bytes);
        return output.ToArray();
    }

    public static byte[] Concat(params byte[][] arrays) => arrays.SelectMany(a => a).ToArray();

    /// <summary>Stream that hands out at most one byte per Read, like a slow network stream.</summary>
    public sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);
    }
}
