using System.Runtime.CompilerServices;

namespace OpenClue.Modeling.Encoding;

/// <summary>
/// The distinct token hashes kept for one user (at most <see cref="Limits.MaxTokensPerUser"/>): an open-addressing table
/// at load ≤ ½, emptied per user by a generation stamp instead of clearing it.
/// </summary>
internal sealed class DistinctTokenSet
{
    private const int Size = 2 * Limits.MaxTokensPerUser; // a power of two
    private readonly uint[] _keys = new uint[Size];
    private readonly int[] _stamps = new int[Size];
    private int _stamp;

    public int Count { get; private set; }

    public void Reset()
    {
        Count = 0;
        if (++_stamp != int.MaxValue) return;
        Array.Clear(_stamps); // after 2³¹ users: start the generations again
        _stamp = 1;
    }

    /// <summary>Whether <paramref name="hash"/> is in the set; when it is not and the set is not full, adds it.
    /// False: absent and the set is full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Keep(uint hash)
    {
        int slot = (int)((hash * 0x9E3779B1u) >> 20); // 12 bits: Size = 4,096
        while (_stamps[slot] == _stamp)
        {
            if (_keys[slot] == hash) return true;
            slot = (slot + 1) & (Size - 1);
        }
        if (Count == Limits.MaxTokensPerUser) return false;
        _stamps[slot] = _stamp;
        _keys[slot] = hash;
        Count++;
        return true;
    }
}
