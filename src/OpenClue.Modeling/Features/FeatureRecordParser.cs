using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Unicode;

namespace OpenClue.Modeling.Features;

/// <summary>
/// Decodes one version-2 or version-3 record (the bytes after its tag, layout in <see cref="FeatureSetFormat"/>) into the
/// next slot of a <see cref="FeatureBatch"/>. A record cut short by the end of the span is reported, not thrown, so the
/// reader can refill its buffer and parse the record again; corrupt content throws <see cref="InvalidDataException"/>.
/// </summary>
internal static class FeatureRecordParser
{
    /// <summary>Per user: token and recent-token ids (≤ 2 × the distinct-token limit), action × token and behaviour ids (each ≤
    /// the kept occurrences), 10 recent behaviours.</summary>
    public const int MaxSparseEntries = 2 * Limits.MaxTokensPerUser + 2 * Limits.MaxTokenOccurrencesPerUser + 64;

    /// <summary>Bytes used by the record at the start of <paramref name="src"/>, or −1 when it continues beyond the span
    /// (then nothing is committed to <paramref name="batch"/>); <paramref name="grouped"/> for version 3's sparse layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int TryParse(ReadOnlySpan<byte> src, FeatureBatch batch, bool grouped)
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
        if (grouped)
        {
            // Version 3: the sparse part's length is known before it is read, so framing costs nothing.
            if (!TryReadVarint(src, ref p, out uint deltaBytes)) return -1;
            if (deltaBytes < count || deltaBytes > 4 * count) throw Corrupt("Corrupt feature-set record (sparse byte length).");
            int n = (int)count, length = (n + 3) / 4 + (int)deltaBytes + n;
            if (src.Length - p < length) return -1;
            if (!Utf8.IsValid(userId)) throw Corrupt("Corrupt feature-set text (invalid UTF-8).");
            if (batch.SkipSparse) n = 0;
            else DecodeGrouped(src.Slice(p, length), (int)deltaBytes, batch.NextSparse(n, out Span<byte> groupedCounts), groupedCounts, Ssse3.IsSupported);
            batch.Commit(userId, (int)tokens, scales, quantized, n);
            return p + length;
        }
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
    /// Decodes a version-3 sparse part (<paramref name="src"/> is exactly its control bytes, deltas and counts) with no
    /// branch per entry, so nothing to mispredict whether deltas take 2 or 3 bytes: with SSSE3 four entries per control
    /// byte at once, else each entry's delta from one unaligned 4-byte load masked to the length its two control bits
    /// give. The loads may run into the counts, which follow the deltas; the last few entries, whose loads could pass the
    /// end, go byte by byte.
    /// </summary>
    /// <param name="vector">Whether to use SSSE3 (the caller passes <see cref="Ssse3.IsSupported"/>; tests also pass false).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DecodeGrouped(ReadOnlySpan<byte> src, int deltaBytes, Span<uint> ids, Span<byte> counts, bool vector)
    {
        int n = ids.Length;
        if (n == 0) return;
        int controls = (n + 3) / 4;
        ref byte control0 = ref MemoryMarshal.GetReference(src);
        ref byte data = ref Unsafe.Add(ref control0, controls);
        ref uint id0 = ref MemoryMarshal.GetReference(ids);
        int p = 0, i = 0;
        uint id = 0, zero = 0;
        // A control byte's four deltas lie within 16 bytes from p: safe to load while those stay within the deltas and counts.
        int fastEnd = deltaBytes + n - 16;
        if (vector && Ssse3.IsSupported)
        {
            // Four entries per control byte: one shuffle spreads their bytes into four lanes, two shifted adds and the
            // previous id turn the deltas into ids.
            ref byte shuffles = ref MemoryMarshal.GetArrayDataReference(GroupShuffles);
            ref byte lengths = ref MemoryMarshal.GetArrayDataReference(GroupLengths);
            Vector128<uint> previous = Vector128<uint>.Zero, zeros = Vector128<uint>.Zero;
            for (; i + 4 <= n && p <= fastEnd; i += 4)
            {
                int c = Unsafe.Add(ref control0, i >> 2);
                Vector128<uint> deltas = Ssse3.Shuffle(Vector128.LoadUnsafe(ref data, (nuint)p),
                    Vector128.LoadUnsafe(ref shuffles, (nuint)(c * 16))).AsUInt32();
                zeros |= Vector128.Equals(deltas, Vector128<uint>.Zero);
                deltas += Sse2.ShiftLeftLogical128BitLane(deltas, 4);
                deltas += Sse2.ShiftLeftLogical128BitLane(deltas, 8);
                Vector128<uint> next = deltas + previous;
                next.StoreUnsafe(ref id0, (nuint)i);
                previous = Sse2.Shuffle(next, 0xFF);
                p += Unsafe.Add(ref lengths, c);
            }
            if (i > 0) id = Unsafe.Add(ref id0, i - 1);
            zero = zeros == Vector128<uint>.Zero ? 0u : 1u;
        }
        for (; i + 4 <= n && p <= fastEnd; i += 4)
        {
            uint c = Unsafe.Add(ref control0, i >> 2);
            for (int k = 0; k < 4; k++, c >>= 2)
            {
                uint delta = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref data, p));
                if (!BitConverter.IsLittleEndian) delta = BinaryPrimitives.ReverseEndianness(delta);
                delta &= uint.MaxValue >> (int)(24 - 8 * (c & 3));
                p += (int)(c & 3) + 1;
                zero |= delta == 0 ? 1u : 0u;
                id += delta;
                Unsafe.Add(ref id0, i + k) = id;
            }
        }
        for (; i < n; i++)
        {
            int length = ((src[i >> 2] >> (2 * (i & 3))) & 3) + 1;
            if (p + length > deltaBytes) throw Corrupt("Corrupt feature-set record (sparse byte length).");
            uint delta = 0;
            for (int b = length - 1; b >= 0; b--) delta = delta << 8 | src[controls + p + b];
            p += length;
            zero |= delta == 0 ? 1u : 0u;
            id += delta;
            ids[i] = id;
        }
        // A zero delta repeats an id, except the first entry's (id 0): only then are the ids compared one by one.
        if (zero != 0)
            for (int j = 1; j < n; j++)
                if (ids[j] == ids[j - 1]) throw Corrupt("Corrupt feature-set record (sparse ids not ascending).");
        if (p != deltaBytes) throw Corrupt("Corrupt feature-set record (sparse byte length).");
        src.Slice(controls + deltaBytes, n).CopyTo(counts);
    }

    /// <summary>Per control byte: the pshufb mask spreading its four deltas' bytes into four 32-bit lanes (0x80: zero).</summary>
    private static readonly byte[] GroupShuffles = BuildGroupShuffles();

    /// <summary>Per control byte: the bytes its four deltas take.</summary>
    private static readonly byte[] GroupLengths = BuildGroupLengths();

    private static byte[] BuildGroupShuffles()
    {
        var masks = new byte[256 * 16];
        for (int c = 0; c < 256; c++)
            for (int k = 0, offset = 0; k < 4; k++)
            {
                int length = ((c >> (2 * k)) & 3) + 1;
                for (int b = 0; b < 4; b++) masks[c * 16 + 4 * k + b] = b < length ? (byte)(offset + b) : (byte)0x80;
                offset += length;
            }
        return masks;
    }

    private static byte[] BuildGroupLengths()
    {
        var lengths = new byte[256];
        for (int c = 0; c < 256; c++) lengths[c] = (byte)((c & 3) + (c >> 2 & 3) + (c >> 4 & 3) + (c >> 6 & 3) + 4);
        return lengths;
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
