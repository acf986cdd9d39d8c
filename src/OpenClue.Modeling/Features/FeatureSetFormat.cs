namespace OpenClue.Modeling.Features;

/// <summary>
/// Binary feature-set file (all integers little-endian).
/// <para>Version 1 (dense float32 only, written by the <c>(Stream, string, int)</c> writer constructors):</para>
/// <code>
/// header : "OCFS" | version u16 = 1 | reserved u16 = 0 | model-name byte length i32 | model name UTF-8 | dimension i32
/// record : tag u8 = 0x01 | user-id byte length i32 | user id UTF-8 | token count i32 | dimension × float32
/// footer : tag u8 = 0x00 | user count i64 | token count i64 (sum over records) | "OCFE" (4 bytes)
/// </code>
/// <para>Version 2 (written before version 3; still read):</para>
/// <code>
/// header : "OCFS" | version u16 = 2 | reserved u16 = 0 | model-name length i32 | model name | dimension i32
/// record : tag u8 = 0x02 | user-id length varint | user id | token count varint
///          | dense: per block of 32 dimensions a scale f16, then dimension × int8 (value = q × scale of its block)
///          | sparse: entry count varint, then per entry (ids ascending): id − previous id varint, count u8
/// names  : tag u8 = 0x03 | count i32 | per name: name key u32 | byte length varint | UTF-8   (once, before the footer)
/// footer : as version 1
/// </code>
/// <para>Version 3 (written by <see cref="FeatureSetWriter(Stream, OpenClue.Modeling.Encoding.IBehaviorEncoder, bool)"/>): as
/// version 2 except the sparse part, which holds the same ids and counts in a layout a reader frames without a walk and
/// decodes without a branch per entry:</para>
/// <code>
/// sparse : entry count n varint | delta bytes d varint
///          | control: ⌈n / 4⌉ bytes, entry i in bits 2(i mod 4)..2(i mod 4)+1 of byte i / 4: its delta's byte length − 1
///          (bits past the last entry 0)
///          | deltas: d bytes, per entry (ids ascending) id − previous id in 1–4 bytes, little-endian, the fewest that hold it
///          | counts: n × u8
/// </code>
/// Sparse ids are described in <see cref="SparseFeatures"/>; the names map <see cref="SparseFeatures.NameKey"/> to the
/// first text seen for that behaviour or token. A file that ends early or whose footer disagrees is rejected.
/// </summary>
internal static class FeatureSetFormat
{
    public static ReadOnlySpan<byte> HeaderMagic => "OCFS"u8;
    public static ReadOnlySpan<byte> FooterMagic => "OCFE"u8;
    public const ushort Version = 1;
    public const ushort Version2 = 2;
    public const ushort Version3 = 3;
    public const byte RecordTag = 0x01;
    /// <summary>The record tag of versions 2 and 3 (the header's version says how the sparse part is laid out).</summary>
    public const byte RecordTag2 = 0x02;
    public const byte NamesTag = 0x03;
    public const byte FooterTag = 0x00;
    public const int MaxNameBytes = 64 * 1024;
    public const int MaxDimension = 1 << 20;
    public const int QuantBlock = 32;
    /// <summary>Names kept per feature set (first seen); later new names are not stored.</summary>
    public const int MaxNames = 2_000_000;

    public static int BlockCount(int dimension) => (dimension + QuantBlock - 1) / QuantBlock;

    /// <summary>Quantises <paramref name="vector"/> into <paramref name="scales"/> and <paramref name="q"/> (blocks of 32).</summary>
    public static void Quantize(ReadOnlySpan<float> vector, Span<Half> scales, Span<sbyte> q)
    {
        for (int b = 0, start = 0; start < vector.Length; b++, start += QuantBlock)
        {
            ReadOnlySpan<float> block = vector.Slice(start, Math.Min(QuantBlock, vector.Length - start));
            float max = 0;
            foreach (float f in block) max = Math.Max(max, Math.Abs(f));
            Half scale = (Half)(max / 127f);
            float s = (float)scale;
            if (s > 0 && max / s > 127.49f) { scale = (Half)(max / 127f * 1.001f); s = (float)scale; }
            scales[b] = scale;
            float inv = s > 0 ? 1 / s : 0;
            for (int j = 0; j < block.Length; j++) q[start + j] = (sbyte)Math.Clamp(MathF.Round(block[j] * inv), -127, 127);
        }
    }

    public static void Dequantize(ReadOnlySpan<Half> scales, ReadOnlySpan<sbyte> q, Span<float> vector)
    {
        for (int b = 0, start = 0; start < vector.Length; b++, start += QuantBlock)
        {
            float s = (float)scales[b];
            int end = Math.Min(start + QuantBlock, vector.Length);
            for (int j = start; j < end; j++) vector[j] = q[j] * s;
        }
    }
}
