using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;

namespace OpenClue.Modeling.Features;

/// <summary>
/// Decodes one version-2 record (the bytes after its tag, layout in <see cref="FeatureSetFormat"/>) from memory into the
/// next slot of a <see cref="FeatureBatch"/>. A record cut short by the end of the span is reported, not thrown, so the
/// reader can refill its buffer and parse the record again; corrupt content throws <see cref="InvalidDataException"/>.
/// </summary>
internal static class FeatureRecordParser
{
    /// <summary>Per user: token and recent-token ids (≤ 2 × the distinct-token limit), action × token and behaviour ids (each ≤
    /// the kept occurrences), 10 recent behaviours.</summary>
    public const int MaxSparseEntries = 2 * Limits.MaxTokensPerUser + 2 * Limits.MaxTokenOccurrencesPerUser + 64;

    /// <summary>Bytes used by the record at the start of <paramref name="src"/>, or −1 when it continues beyond the span
    /// (then nothing is committed to <paramref name="batch"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int TryParse(ReadOnlySpan<byte> src, FeatureBatch batch)
    {
        int p = 0;
        if (!TryReadVarint(src, ref p, out uint idLength)) return -1;
        if (idLength > FeatureSetFormat.MaxNameBytes) throw Corrupt("Corrupt feature-set record (user id length).");
        if (src.Length - p < (int)idLength) return -1;
        ReadOnlySpan<byte> userId = src.Slice(p, (int)idLength);
        p += (int)idLength;
        if (!TryReadVarint(src, ref p, out uint tokens)) return -1;
        if (tokens > Limits.MaxTokenOccurrencesPerUser) throw Corrupt("Corrupt feature-set record (token count).");
        int scaleBytes = 2 * batch.Blocks, dim = batch.Dimension;
        if (src.Length - p < scaleBytes + dim) return -1;
        ReadOnlySpan<byte> scales = src.Slice(p, scaleBytes);
        ReadOnlySpan<byte> quantized = src.Slice(p + scaleBytes, dim);
        p += scaleBytes + dim;
        if (!TryReadVarint(src, ref p, out uint count)) return -1;
        if (count > MaxSparseEntries) throw Corrupt("Corrupt feature-set record (sparse length).");
        if (batch.SkipSparse)
        {
            int length = FrameSparse(src[p..], (int)count);
            if (length < 0) return -1;
            if (!Utf8.IsValid(userId)) throw Corrupt("Corrupt feature-set text (invalid UTF-8).");
            batch.Commit(userId, (int)tokens, scales, quantized, 0);
            return p + length;
        }
        Span<uint> ids = batch.NextSparse((int)count, out Span<byte> counts);
        int used = DecodeSparse(src[p..], ids, counts);
        if (used < 0) return -1;
        p += used;
        if (!Utf8.IsValid(userId)) throw Corrupt("Corrupt feature-set text (invalid UTF-8).");
        batch.Commit(userId, (int)tokens, scales, quantized, (int)count);
        return p;
    }

    /// <summary>
    /// Decodes ids.Length entries (id − previous id as a varint, then the count byte); bytes used, or −1 when the span
    /// ends first. Deltas of 1–3 bytes (nearly all: ids are spread over 2²⁷ values) take one branch each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DecodeSparse(ReadOnlySpan<byte> src, Span<uint> ids, Span<byte> counts)
    {
        int n = ids.Length;
        if (n == 0) return 0;
        ref byte s = ref MemoryMarshal.GetReference(src);
        ref uint id0 = ref MemoryMarshal.GetReference(ids);
        ref byte count0 = ref MemoryMarshal.GetReference(counts);
        int p = 0, i = 0;
        uint id = 0;
        // An entry takes at most 6 bytes: while 8 remain, decode from one little-endian word, without calls or bounds checks.
        int fastEnd = src.Length - 8;
        for (; i < n && p <= fastEnd; i++)
        {
            ulong w = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s, p));
            if (!BitConverter.IsLittleEndian) w = BinaryPrimitives.ReverseEndianness(w);
            uint delta;
            if ((w & 0x80_8080) == 0x00_8080)
            {
                delta = (uint)((w & 0x7F) | ((w >> 1) & 0x3F80) | ((w >> 2) & 0x1F_C000));
                Unsafe.Add(ref count0, i) = (byte)(w >> 24);
                p += 4;
            }
            else if ((w & 0x8080) == 0x0080)
            {
                delta = (uint)((w & 0x7F) | ((w >> 1) & 0x3F80));
                Unsafe.Add(ref count0, i) = (byte)(w >> 16);
                p += 3;
            }
            else if ((w & 0x80) == 0)
            {
                delta = (uint)(w & 0x7F);
                Unsafe.Add(ref count0, i) = (byte)(w >> 8);
                p += 2;
            }
            else if ((w & 0x8080_8080) == 0x0080_8080)
            {
                delta = (uint)((w & 0x7F) | ((w >> 1) & 0x3F80) | ((w >> 2) & 0x1F_C000) | ((w >> 3) & 0xFE0_0000));
                Unsafe.Add(ref count0, i) = (byte)(w >> 32);
                p += 5;
            }
            else if ((w & 0x80_8080_8080) == 0x00_8080_8080)
            {
                // The fifth byte's bits above 32 are dropped, as VarintAt does.
                delta = (uint)((w & 0x7F) | ((w >> 1) & 0x3F80) | ((w >> 2) & 0x1F_C000) | ((w >> 3) & 0xFE0_0000) | ((w >> 4) << 28));
                Unsafe.Add(ref count0, i) = (byte)(w >> 40);
                p += 6;
            }
            else
            {
                throw Corrupt("Corrupt feature-set record (varint).");
            }
            if (delta == 0 && i > 0) throw Corrupt("Corrupt feature-set record (sparse ids not ascending).");
            id += delta;
            Unsafe.Add(ref id0, i) = id;
        }
        for (; i < n; i++)
        {
            long varint = VarintAt(src, p);
            if (varint < 0) return -1;
            uint delta = (uint)varint;
            p += (int)(varint >> 32);
            if (p >= src.Length) return -1;
            counts[i] = src[p++];
            if (delta == 0 && i > 0) throw Corrupt("Corrupt feature-set record (sparse ids not ascending).");
            id += delta;
            ids[i] = id;
        }
        return p;
    }

    /// <summary>
    /// The length of <paramref name="entries"/> stored sparse entries at the start of <paramref name="src"/>, without
    /// decoding them, or −1 when the span ends first; a varint longer than 5 bytes is corrupt, as for the decoder.
    /// An entry ends one byte (its count) after the first byte below 0x80 (its varint's last), so one compare per 32 bytes
    /// gives those bytes' high bits and each entry costs a shift, a bit scan and an add, not a branch on its length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FrameSparse(ReadOnlySpan<byte> src, int entries)
    {
        ref byte s = ref MemoryMarshal.GetReference(src);
        int p = 0, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            while (i < entries && p + 32 <= src.Length)
            {
                // Bit j set when byte p + j is below 0x80.
                ulong last = ~Vector256.ExtractMostSignificantBits(Vector256.LoadUnsafe(ref s, (nuint)p)) & 0xFFFF_FFFFUL;
                int q = 0;
                while (i < entries)
                {
                    ulong m = last >> q;
                    int t = m == 0 ? 32 - q : BitOperations.TrailingZeroCount(m); // continuation bytes before the varint's last
                    if (t > 4) throw Corrupt("Corrupt feature-set record (varint).");
                    if (m == 0 || q + t + 1 >= 32) break; // the entry runs past this block: the next block starts here
                    q += t + 2;
                    i++;
                    if (q >= 32) break;
                }
                p += q;
            }
        }
        for (; i < entries; i++)
        {
            long varint = VarintAt(src, p);
            if (varint < 0) return -1;
            p += (int)(varint >> 32) + 1;
            if (p > src.Length) return -1;
        }
        return p;
    }

    /// <summary>A varint of at most 5 bytes (a sixth byte is corrupt); false when the span ends inside it.</summary>
    private static bool TryReadVarint(ReadOnlySpan<byte> src, ref int p, out uint value)
    {
        long varint = VarintAt(src, p);
        value = (uint)varint;
        if (varint < 0) return false;
        p += (int)(varint >> 32);
        return true;
    }

    /// <summary>The varint at <paramref name="p"/>: its value | its byte count &lt;&lt; 32, or −1 when the span ends inside it.
    /// (No by-ref position, so callers keep theirs in a register.)</summary>
    private static long VarintAt(ReadOnlySpan<byte> src, int p)
    {
        uint value = 0;
        for (int shift = 0, q = p; ; shift += 7)
        {
            if (shift > 28) throw Corrupt("Corrupt feature-set record (varint).");
            if ((uint)q >= (uint)src.Length) return -1;
            byte b = src[q++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80) return value | (long)(q - p) << 32;
        }
    }

    private static InvalidDataException Corrupt(string message) => new(message);
}
