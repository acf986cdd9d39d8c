using System.Runtime.CompilerServices;

namespace OpenClue.Modeling.Encoding;

/// <summary>
/// Counts occurrences of 32-bit hashes (added one or several at a time) and lists them in first-seen order (what a cleared
/// <see cref="Dictionary{TKey, TValue}"/> enumerates, so block sums keep their exact float order) — an open-addressing
/// table sized per user and cleared in proportion to that size, about twice as fast as the dictionary here.
/// </summary>
internal sealed class HashCounter
{
    private int[] _slots = new int[1024]; // entry index + 1; 0 = empty
    private int _mask = 1023;
    private uint[] _keys = new uint[256];
    private int[] _counts = new int[256];

    public int Count { get; private set; }

    public ReadOnlySpan<uint> Keys => _keys.AsSpan(0, Count);

    public ReadOnlySpan<int> Counts => _counts.AsSpan(0, Count);

    /// <summary>Empties the counter, ready for up to <paramref name="capacity"/> distinct hashes.</summary>
    public void Reset(int capacity)
    {
        int size = (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, capacity) * 2));
        if (Count > 0) _slots.AsSpan(0, _mask + 1).Clear(); // every used slot lies in the previous table
        if (_slots.Length < size) _slots = new int[size];
        _mask = size - 1;
        if (_keys.Length < capacity)
        {
            _keys = new uint[capacity];
            _counts = new int[capacity];
        }
        Count = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(uint hash, int count)
    {
        int slot = (int)((hash * 0x9E3779B1u) >> 7) & _mask; // the hashes are already mixed; spread the low bits anyway
        while (true)
        {
            int entry = _slots[slot];
            if (entry == 0)
            {
                int index = Count++;
                _keys[index] = hash;
                _counts[index] = count;
                _slots[slot] = index + 1;
                return;
            }
            if (_keys[entry - 1] == hash)
            {
                _counts[entry - 1] += count;
                return;
            }
            slot = (slot + 1) & _mask;
        }
    }
}
