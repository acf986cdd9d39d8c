using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// The sparse part of a linear task model arranged for scoring. The model's ids are placed by a perfect hash
/// ("hash and displace": an id's bucket picks a 16-bit pilot, the pilot moves the id to a free slot; ~0.2 bytes per id)
/// into slots holding the id, its weight and its idf side by side, 85 % full. A lookup is two loads — the pilot (small,
/// cache-resident) and the slot — and no branch: an id that is not in the model meets another id's slot (or an empty
/// one) and its weight and idf are masked to 0. Without branches on the data the processor keeps many lookups in
/// flight, which is what matters for a table larger than the caches.
/// <see cref="Decision"/> equals Σ value·weight with the values of <see cref="IdfTransform"/>, up to float rounding: ids are ascending, so each kind is one run of entries
/// whose squared norm and weighted sum stay in registers; tf = 1 + ln count comes from a table.
/// </summary>
internal sealed class SparseWeightTable
{
    [StructLayout(LayoutKind.Sequential)]
    private struct Slot
    {
        public uint Key; // id + 1; 0 = empty
        public float Weight;
        public float Idf;
    }

    private const double Load = 0.85;
    private const int IdsPerBucket = 4;
    private const int KindCount = SparseFeatures.KindCount;
    private const int PrefetchDistance = 32;
    private static readonly float[] Tf = BuildTf();
    private readonly Slot[] _slots;
    private readonly ushort[] _pilots;
    private readonly uint[] _pilotMixes; // PilotMix(_pilots[b]), looked up instead of recomputed per id
    private readonly ulong _seed;
    [ThreadStatic] private static int[]? t_positions; // Decision's slot positions, one per entry of the user

    /// <param name="idf">Idf per id.</param>
    public SparseWeightTable(ReadOnlySpan<uint> ids, ReadOnlySpan<float> weights, ReadOnlySpan<float> idf)
    {
        if (weights.Length != ids.Length || idf.Length != ids.Length) throw new ArgumentException("One weight and one idf per id.", nameof(idf));
        // Distinct ids, each with its first weight (what a probe of the former table found); uint.MaxValue has no key
        // and was never found. The trainer writes ids ascending, which needs no dictionary.
        var keep = new List<int>(ids.Length);
        bool ascending = true;
        for (int i = 1; i < ids.Length && ascending; i++) ascending = ids[i] > ids[i - 1];
        if (ascending)
        {
            for (int i = 0; i < ids.Length; i++) if (ids[i] != uint.MaxValue) keep.Add(i);
        }
        else
        {
            var seen = new HashSet<uint>(ids.Length);
            for (int i = 0; i < ids.Length; i++) if (ids[i] != uint.MaxValue && seen.Add(ids[i])) keep.Add(i);
        }
        Count = keep.Count;
        _slots = new Slot[Math.Max(1, (int)Math.Ceiling(keep.Count / Load))];
        _pilots = new ushort[Math.Max(1, (keep.Count + IdsPerBucket - 1) / IdsPerBucket)];
        var keys = new uint[keep.Count];
        for (int k = 0; k < keys.Length; k++) keys[k] = ids[keep[k]];
        for (_seed = 0; ; _seed++)
            if (TryPlace(keys)) break;
        foreach (int i in keep)
            _slots[Position(ids[i])] = new Slot { Key = ids[i] + 1, Weight = weights[i], Idf = idf[i] };
        _pilotMixes = new uint[_pilots.Length];
        for (int b = 0; b < _pilots.Length; b++) _pilotMixes[b] = PilotMix(_pilots[b]);
    }

    /// <summary>Distinct ids in the model.</summary>
    public int Count { get; }

    private static float[] BuildTf()
    {
        var tf = new float[256];
        for (int c = 0; c < tf.Length; c++) tf[c] = 1 + MathF.Log(Math.Max(c, 1));
        return tf;
    }

    /// <summary>Chooses every bucket's pilot, largest buckets first, so that all keys land in distinct slots; false when some
    /// bucket finds no pilot (then another seed is tried).</summary>
    private bool TryPlace(uint[] keys)
    {
        Array.Clear(_pilots);
        int buckets = _pilots.Length;
        var bucketOf = new int[keys.Length];
        var sizes = new int[buckets + 1];
        for (int k = 0; k < keys.Length; k++)
        {
            bucketOf[k] = Bucket(Mix(keys[k], _seed));
            sizes[bucketOf[k] + 1]++;
        }
        // Keys grouped by bucket (counting sort), buckets visited by decreasing size.
        var start = new int[buckets + 1];
        for (int b = 0; b < buckets; b++) start[b + 1] = start[b] + sizes[b + 1];
        var grouped = new uint[keys.Length];
        var fill = (int[])start.Clone();
        for (int k = 0; k < keys.Length; k++) grouped[fill[bucketOf[k]]++] = keys[k];
        // Buckets by decreasing size (counting sort: sizes are small).
        int largest = 0;
        for (int b = 0; b < buckets; b++) largest = Math.Max(largest, start[b + 1] - start[b]);
        var firstOfSize = new int[largest + 2];
        for (int b = 0; b < buckets; b++) firstOfSize[largest - (start[b + 1] - start[b]) + 1]++;
        for (int k = 1; k < firstOfSize.Length; k++) firstOfSize[k] += firstOfSize[k - 1];
        var order = new int[buckets];
        for (int b = 0; b < buckets; b++) order[firstOfSize[largest - (start[b + 1] - start[b])]++] = b;

        var taken = new bool[_slots.Length];
        Span<int> positions = stackalloc int[64];
        foreach (int b in order)
        {
            int size = start[b + 1] - start[b];
            if (size == 0) break;
            if (size > positions.Length) return false;
            bool placed = false;
            for (int pilot = 0; pilot <= ushort.MaxValue && !placed; pilot++)
            {
                placed = true;
                for (int j = 0; j < size && placed; j++)
                {
                    int pos = SlotOf(Mix(grouped[start[b] + j], _seed), (ushort)pilot);
                    if (taken[pos]) placed = false;
                    for (int q = 0; q < j && placed; q++) if (positions[q] == pos) placed = false;
                    positions[j] = pos;
                }
                if (!placed) continue;
                for (int j = 0; j < size; j++) taken[positions[j]] = true;
                _pilots[b] = (ushort)pilot;
            }
            if (!placed) return false;
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(uint id, ulong seed) => (id ^ seed) * 0x9E37_79B9_7F4A_7C15UL; // ids are hashes already

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bucket(ulong hash) => (int)(((hash >> 32) * (uint)_pilots.Length) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint PilotMix(ushort pilot) => (uint)(pilot * 0x9E37_79B9_7F4A_7C15UL >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SlotOf(ulong hash, ushort pilot) => (int)(((uint)hash ^ PilotMix(pilot)) * (ulong)(uint)_slots.Length >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Position(uint id)
    {
        ulong hash = Mix(id, _seed);
        return SlotOf(hash, _pilots[Bucket(hash)]);
    }

    /// <summary>The sparse part of the linear decision for one user (ids ascending; any order is still exact).</summary>
    /// <remarks>Two passes: every entry's slot position first (independent multiplies, the pilots are cache-resident),
    /// then the slots, whose addresses no longer wait on the hashing, so many cache misses are in flight at once and the
    /// prefetch a few entries ahead costs one load instead of a second hash. The sums run in entry order as before.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe double Decision(ReadOnlySpan<uint> ids, ReadOnlySpan<byte> counts)
    {
        if (ids.Length == 0 || Count == 0) return 0;
        if (counts.Length != ids.Length) throw new ArgumentException("One count per id.", nameof(counts));
        int n = ids.Length;
        int[] positions = t_positions is { } p && p.Length >= n ? p : (t_positions = new int[Math.Max(n, 1024)]);
        ref int pos0 = ref MemoryMarshal.GetArrayDataReference(positions);
        ref Slot slots = ref MemoryMarshal.GetArrayDataReference(_slots);
        ref uint pilotMixes = ref MemoryMarshal.GetArrayDataReference(_pilotMixes);
        ref float tf = ref MemoryMarshal.GetArrayDataReference(Tf);
        ref uint id0 = ref MemoryMarshal.GetReference(ids);
        ref byte count0 = ref MemoryMarshal.GetReference(counts);
        ulong seed = _seed;
        uint bucketCount = (uint)_pilots.Length, slotCount = (uint)_slots.Length;
        for (int j = 0; j < n; j++)
        {
            ulong hash = Mix(Unsafe.Add(ref id0, j), seed);
            uint pilotMix = Unsafe.Add(ref pilotMixes, (int)(((hash >> 32) * bucketCount) >> 32));
            Unsafe.Add(ref pos0, j) = (int)(((uint)hash ^ pilotMix) * (ulong)slotCount >> 32);
        }
        Span<float> squares = stackalloc float[KindCount];
        Span<double> sums = stackalloc double[KindCount];
        squares.Clear();
        sums.Clear();
        int i = 0;
        while (i < n)
        {
            int kind = KindIndex(Unsafe.Add(ref id0, i));
            // The ids of this norm block are [first, first + span): one unsigned compare per entry ends the run.
            uint first = (uint)kind << SparseFeatures.HashBits;
            uint span = kind == KindCount - 1 ? 0u - first : 1u << SparseFeatures.HashBits; // the last block: every id above
            float square = 0;
            double sum = 0;
            for (; i < n; i++)
            {
                uint id = Unsafe.Add(ref id0, i);
                if (id - first >= span) break;
                if (Sse.IsSupported && i + PrefetchDistance < n)
                    Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref slots, Unsafe.Add(ref pos0, i + PrefetchDistance))));
                ref Slot s = ref Unsafe.Add(ref slots, Unsafe.Add(ref pos0, i));
                // All ones when the slot holds this id, else 0: the weight and idf of another id are masked away.
                uint hit = (uint)(((long)(s.Key ^ (id + 1)) - 1) >> 63);
                float weight = BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(s.Weight) & hit);
                float v = Unsafe.Add(ref tf, Unsafe.Add(ref count0, i));
                v *= BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(s.Idf) & hit);
                square += v * v;
                sum += (double)v * weight;
            }
            squares[kind] += square;
            sums[kind] += sum;
        }
        double z = 0;
        for (int k = 0; k < KindCount; k++)
            if (squares[k] > 0) z += sums[k] * (1 / MathF.Sqrt(squares[k]));
        return z;
    }

    /// <summary>The norm block of an id: its kind, kinds beyond the last sharing the last block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int KindIndex(uint id) => Math.Min(SparseFeatures.KindOf(id), KindCount - 1);
}
