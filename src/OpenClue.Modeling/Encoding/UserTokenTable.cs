using System.Runtime.CompilerServices;

namespace OpenClue.Modeling.Encoding;

/// <summary>
/// The distinct token hashes kept for one user (at most <see cref="Limits.MaxTokensPerUser"/>), each with a local index:
/// one probe per token occurrence answers both "is there room for it" and "which distinct token is it", so the counts
/// per distinct token feed the dense blocks, the sparse ids and the name check without a table of their own.
/// Open addressing at load ≤ ½, one 64-bit word per slot (key, generation, index), emptied per user by the generation.
/// </summary>
internal sealed class UserTokenTable
{
    private const int Size = 2 * Limits.MaxTokensPerUser; // a power of two
    private const int IndexBits = 12, GenerationBits = 20; // an index < 2,048; generations 1 … 2²⁰ − 1, then the table is cleared
    private const ulong IndexMask = (1UL << IndexBits) - 1;
    private readonly ulong[] _slots = new ulong[Size]; // key << 32 | generation << 12 | index; a stale generation = empty
    private readonly int[] _slotOf = new int[Limits.MaxTokensPerUser]; // index → slot, to renumber
    private readonly int[] _moved = new int[Limits.MaxTokensPerUser];
    private uint _generation;

    /// <summary>Distinct tokens of the current user so far (their indices are 0 … Count − 1).</summary>
    public int Count { get; private set; }

    public void Reset()
    {
        Count = 0;
        if (++_generation < 1u << GenerationBits) return;
        Array.Clear(_slots); // after 2²⁰ users: start the generations again
        _generation = 1;
    }

    /// <summary>The index of <paramref name="hash"/>; when absent and there is room, adds it with the next index.
    /// −1: absent and the table holds <see cref="Limits.MaxTokensPerUser"/> tokens.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Intern(uint hash)
    {
        int slot = (int)((hash * 0x9E3779B1u) >> 20); // 12 bits: Size = 4,096
        ulong stamp = (ulong)_generation << IndexBits;
        while (true)
        {
            ulong word = _slots[slot];
            if ((word & ~IndexMask & 0xFFFF_FFFFUL) != stamp) break; // empty for this user
            if ((uint)(word >> 32) == hash) return (int)(word & IndexMask);
            slot = (slot + 1) & (Size - 1);
        }
        if (Count == Limits.MaxTokensPerUser) return -1;
        int index = Count++;
        _slots[slot] = (ulong)hash << 32 | stamp | (uint)index;
        _slotOf[index] = slot;
        return index;
    }

    /// <summary>Gives the tokens added since <paramref name="from"/> new indices: index <c>from + i</c> becomes
    /// <c>newIndices[i]</c> (a permutation of <c>from … Count − 1</c>).</summary>
    public void Renumber(int from, ReadOnlySpan<int> newIndices)
    {
        int n = Count - from;
        _slotOf.AsSpan(from, n).CopyTo(_moved);
        for (int i = 0; i < n; i++)
        {
            int slot = _moved[i], index = newIndices[i];
            _slots[slot] = (_slots[slot] & ~IndexMask) | (uint)index;
            _slotOf[index] = slot;
        }
    }
}
