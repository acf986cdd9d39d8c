namespace OpenClue.Modeling.Learning;

/// <summary>
/// Open-addressing map from sparse id to an int (document frequency while counting, then column index or -1), for the
/// design build: several times faster than <see cref="Dictionary{TKey, TValue}"/> on tens of millions of lookups, and
/// lookups are safe from several threads once filling is done.
/// </summary>
internal sealed class IdTable
{
    private uint[] _keys; // id + 1; 0 = empty
    private int[] _values;
    private int _mask;

    public IdTable(int capacity = 1 << 16)
    {
        int size = 16;
        while (size < capacity * 2) size <<= 1;
        _keys = new uint[size];
        _values = new int[size];
        _mask = size - 1;
    }

    public int Count { get; private set; }

    /// <summary>The value slot of <paramref name="id"/>, added with value 0 when absent.</summary>
    public ref int GetOrAdd(uint id)
    {
        if (Count * 2 >= _keys.Length) Grow();
        uint key = id + 1;
        int slot = (int)(Mix(id) & (uint)_mask);
        while (true)
        {
            uint k = _keys[slot];
            if (k == key) return ref _values[slot];
            if (k == 0)
            {
                _keys[slot] = key;
                Count++;
                return ref _values[slot];
            }
            slot = (slot + 1) & _mask;
        }
    }

    /// <summary>The value of <paramref name="id"/>, or <paramref name="absent"/>.</summary>
    public int Get(uint id, int absent)
    {
        uint key = id + 1;
        uint[] keys = _keys;
        int mask = _mask;
        int slot = (int)(Mix(id) & (uint)mask);
        while (true)
        {
            uint k = keys[slot];
            if (k == key) return _values[slot];
            if (k == 0) return absent;
            slot = (slot + 1) & mask;
        }
    }

    /// <summary>Visits every (id, value ref).</summary>
    public void ForEach(Action<uint, int> visit)
    {
        for (int s = 0; s < _keys.Length; s++) if (_keys[s] != 0) visit(_keys[s] - 1, _values[s]);
    }

    /// <summary>Replaces every value by <paramref name="map"/>(id, value).</summary>
    public void Update(Func<uint, int, int> map)
    {
        for (int s = 0; s < _keys.Length; s++) if (_keys[s] != 0) _values[s] = map(_keys[s] - 1, _values[s]);
    }

    private void Grow()
    {
        uint[] oldKeys = _keys;
        int[] oldValues = _values;
        _keys = new uint[oldKeys.Length * 2];
        _values = new int[oldKeys.Length * 2];
        _mask = _keys.Length - 1;
        for (int s = 0; s < oldKeys.Length; s++)
        {
            if (oldKeys[s] == 0) continue;
            int slot = (int)(Mix(oldKeys[s] - 1) & (uint)_mask);
            while (_keys[slot] != 0) slot = (slot + 1) & _mask;
            _keys[slot] = oldKeys[s];
            _values[slot] = oldValues[s];
        }
    }

    private static uint Mix(uint x)
    {
        x ^= x >> 16; x *= 0x7feb352d; x ^= x >> 15; x *= 0x846ca68b; x ^= x >> 16;
        return x;
    }
}
