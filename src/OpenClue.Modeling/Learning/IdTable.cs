namespace OpenClue.Modeling.Learning;

/// <summary>
/// Open-addressing map from sparse id to an int (document frequency while counting, then column index or -1), for the
/// design build: several times faster than <see cref="Dictionary{TKey, TValue}"/> on tens of millions of lookups (key
/// and value share one 8-byte slot: one cache miss per lookup), and lookups are safe from several threads once filling
/// is done.
/// </summary>
internal sealed class IdTable
{
    private ulong[] _slots; // (id + 1) << 32 | (uint)value; 0 = empty
    private int _mask;

    public IdTable(int capacity = 1 << 16)
    {
        int size = 16;
        while (size < capacity * 2) size <<= 1;
        _slots = new ulong[size];
        _mask = size - 1;
    }

    public int Count { get; private set; }

    /// <summary>Adds <paramref name="delta"/> to the value of <paramref name="id"/> (added with value 0 when absent).</summary>
    public void Add(uint id, int delta)
    {
        if (Count * 2 >= _slots.Length) Grow();
        ulong key = (ulong)(id + 1) << 32;
        int slot = (int)(Mix(id) & (uint)_mask);
        while (true)
        {
            ulong s = _slots[slot];
            if ((s & 0xFFFF_FFFF_0000_0000UL) == key)
            {
                _slots[slot] = key | (uint)((int)(uint)s + delta);
                return;
            }
            if (s == 0)
            {
                _slots[slot] = key | (uint)delta;
                Count++;
                return;
            }
            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>The value of <paramref name="id"/>, or <paramref name="absent"/>.</summary>
    public int Get(uint id, int absent)
    {
        ulong key = (ulong)(id + 1) << 32;
        ulong[] slots = _slots;
        int mask = _mask;
        int slot = (int)(Mix(id) & (uint)mask);
        while (true)
        {
            ulong s = slots[slot];
            if ((s & 0xFFFF_FFFF_0000_0000UL) == key) return (int)(uint)s;
            if (s == 0) return absent;
            slot = (slot + 1) & mask;
        }
    }

    /// <summary>Visits every (id, value).</summary>
    public void ForEach(Action<uint, int> visit)
    {
        foreach (ulong s in _slots) if (s != 0) visit((uint)(s >> 32) - 1, (int)(uint)s);
    }

    /// <summary>Replaces every value by <paramref name="map"/>(id, value).</summary>
    public void Update(Func<uint, int, int> map)
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            ulong s = _slots[i];
            if (s != 0) _slots[i] = (s & 0xFFFF_FFFF_0000_0000UL) | (uint)map((uint)(s >> 32) - 1, (int)(uint)s);
        }
    }

    private void Grow()
    {
        ulong[] old = _slots;
        _slots = new ulong[old.Length * 2];
        _mask = _slots.Length - 1;
        foreach (ulong s in old)
        {
            if (s == 0) continue;
            int slot = (int)(Mix((uint)(s >> 32) - 1) & (uint)_mask);
            while (_slots[slot] != 0) slot = (slot + 1) & _mask;
            _slots[slot] = s;
        }
    }

    private static uint Mix(uint x)
    {
        x ^= x >> 16; x *= 0x7feb352d; x ^= x >> 15; x *= 0x846ca68b; x ^= x >> 16;
        return x;
    }
}
