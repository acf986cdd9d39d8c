using System.Buffers.Binary;
using System.Runtime.Intrinsics.X86;

namespace OpenClue.Modeling.Features;

/// <summary>
/// The names block of a version-2 feature set: which name keys are named (a bitset over kind bit × 24-bit hash) and
/// the first text seen for each, in first-seen order, packed into char chunks (no string per name).
/// Written by the writer thread only; other threads may ask <see cref="IsNamedShared"/> meanwhile.
/// </summary>
internal sealed class FeatureNameTable
{
    private const int ChunkChars = 1 << 16;
    private readonly ulong[] _named = new ulong[(2 << SparseFeatures.HashBits) / 64];
    private readonly List<char[]> _chunks = [];
    private int _chunkUsed = ChunkChars;
    private (uint Key, int Chunk, int Start, int Length)[] _entries = new (uint, int, int, int)[1024];
    private int _count;

    private static long s_lastId;

    /// <summary>Unique per table in the process (never 0), so per-thread caches can tell tables apart without holding them.</summary>
    public long Id { get; } = Interlocked.Increment(ref s_lastId);

    public int Count => _count;

    public bool IsFull => _count >= FeatureSetFormat.MaxNames;

    public bool IsNamed(uint key)
    {
        int bit = Bit(key);
        return (_named[bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    /// <summary><see cref="IsNamed"/> for threads other than the writer's, read while it may mark keys: a key seen named
    /// stays named; a key seen unnamed may have been named since.</summary>
    public bool IsNamedShared(uint key)
    {
        int bit = Bit(key);
        return (Volatile.Read(ref _named[bit >> 6]) & (1UL << (bit & 63))) != 0;
    }

    /// <summary>Starts loading the bitset word of <paramref name="key"/> into the caches (a hint; no effect elsewhere).</summary>
    public unsafe void Prefetch(uint key)
    {
        if (!Sse.IsSupported) return;
        fixed (ulong* word = &_named[Bit(key) >> 6]) Sse.Prefetch0(word);
    }

    /// <summary>Marks <paramref name="key"/> named; false when it already was.</summary>
    public bool MarkNew(uint key)
    {
        int bit = Bit(key);
        ref ulong word = ref _named[bit >> 6];
        if ((word & (1UL << (bit & 63))) != 0) return false;
        word |= 1UL << (bit & 63);
        return true;
    }

    public void Add(uint key, ReadOnlySpan<char> text)
    {
        char[] chunk;
        if (text.Length > ChunkChars) { chunk = text.ToArray(); _chunks.Add(chunk); _chunkUsed = ChunkChars; }
        else
        {
            if (_chunkUsed + text.Length > ChunkChars) { _chunks.Add(new char[ChunkChars]); _chunkUsed = 0; }
            chunk = _chunks[^1];
            text.CopyTo(chunk.AsSpan(_chunkUsed));
        }
        if (_count == _entries.Length) Array.Resize(ref _entries, _count * 2);
        _entries[_count] = (key, _chunks.Count - 1, text.Length > ChunkChars ? 0 : _chunkUsed, text.Length);
        if (text.Length <= ChunkChars) _chunkUsed += text.Length;
        _count++;
    }

    /// <summary>Writes the names block (<see cref="FeatureSetFormat"/>); a name over the byte limit is cut.</summary>
    public void WriteTo(Stream output)
    {
        Span<byte> head = stackalloc byte[9];
        head[0] = FeatureSetFormat.NamesTag;
        BinaryPrimitives.WriteInt32LittleEndian(head[1..], _count);
        output.Write(head[..5]);
        byte[] utf8 = new byte[1024];
        for (int i = 0; i < _count; i++)
        {
            (uint key, int chunk, int start, int length) = _entries[i];
            ReadOnlySpan<char> text = _chunks[chunk].AsSpan(start, length);
            int byteCount = System.Text.Encoding.UTF8.GetByteCount(text);
            if (byteCount > FeatureSetFormat.MaxNameBytes)
            {
                text = text[..Math.Min(text.Length, FeatureSetFormat.MaxNameBytes / 4)];
                byteCount = System.Text.Encoding.UTF8.GetByteCount(text);
            }
            BinaryPrimitives.WriteUInt32LittleEndian(head, key);
            int n = 4 + Varint.Write(head[4..], (uint)byteCount);
            output.Write(head[..n]);
            if (utf8.Length < byteCount) utf8 = new byte[Math.Max(byteCount, utf8.Length * 2)];
            System.Text.Encoding.UTF8.GetBytes(text, utf8);
            output.Write(utf8, 0, byteCount);
        }
    }

    private static int Bit(uint key) =>
        (int)(((key >> SparseFeatures.HashBits) & 1) << SparseFeatures.HashBits | (key & SparseFeatures.HashMask));
}
