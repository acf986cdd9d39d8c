using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// The sparse part of a linear task model arranged for scoring, in two parts. The most frequent ids (lowest idf) sit in a
/// hot part of up to 4,096 sets of 4 ids, one 64-byte line each (256 KB, so it stays in L2), the set addressed by the
/// id's own bits (one multiply): an id whose set is full is left to the second part. All other ids are placed by a
/// perfect hash ("hash and displace": an id's bucket picks a 16-bit pilot, the pilot moves the id to a free slot; ~0.2
/// bytes per id) into slots holding the id, its weight and its idf side by side, 85 % full. A lookup is one line of the
/// hot part (one compare of its four keys gives the way, or a fifth way of zeros) and, for the ids it misses, the pilot
/// (small, cache-resident) and the slot; no branch on the data: an id that is not in the model meets another id's slot (or
/// an empty one) and its weight and idf are masked to 0. Without branches on the data the processor keeps many lookups in
/// flight, and most lookups (most entries are frequent ids) never leave L2.
/// <see cref="Decision"/> (and <see cref="Decisions"/>, many users at once) equals Σ value·weight with the values of <see cref="IdfTransform"/>, up to float rounding: ids are ascending, so each kind is one run of entries
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
    private const int HotSetBits = 12; // 4,096 sets of 4 ids, 64 bytes each (256 KB): L2-resident beside the batch being scored
    private const int HotWays = 4;
    private const uint HotMultiplier = 0x9E37_79B1; // the hot set is the top bits of id × this (kinds repeat hashes)
    private const int IdsPerBucket = 4;
    private const int KindCount = SparseFeatures.KindCount;
    private static readonly float[] Tf = BuildTf();
    private readonly Slot[] _slots;
    private readonly ushort[] _pilots;
    private readonly uint[] _pilotMixes; // PilotMix(_pilots[b]), looked up instead of recomputed per id
    private readonly ulong _seed;
    private readonly byte[] _hot; // pinned; from byte _hotStart on (64-byte aligned), the HotSets: set HotSetOf(id) holds the id or not
    private readonly int _hotStart, _hotShift;
    private readonly int _coldCount; // ids in _slots (the others are in _hot)
    [ThreadStatic] private static DecisionScratch? t_scratch;

    /// <param name="idf">Idf per id.</param>
    public SparseWeightTable(ReadOnlySpan<uint> ids, ReadOnlySpan<float> weights, ReadOnlySpan<float> idf)
    {
        if (weights.Length != ids.Length || idf.Length != ids.Length) throw new ArgumentException("One weight and one idf per id.", nameof(idf));
        // Distinct ids, each with its first weight (what a probe of the former table found); uint.MaxValue has no key
        // and was never found. The trainer writes ids ascending, which needs no dictionary. The temporaries are pooled: every
        // process that scores a model builds its table, and fresh arrays of this size cost more in zeroed pages than in use.
        int[] keep = ArrayPool<int>.Shared.Rent(Math.Max(1, ids.Length));
        ulong[] order = ArrayPool<ulong>.Shared.Rent(Math.Max(1, ids.Length));
        uint[] keys = ArrayPool<uint>.Shared.Rent(Math.Max(1, ids.Length));
        try
        {
            int kept = 0;
            bool ascending = true;
            for (int i = 1; i < ids.Length && ascending; i++) ascending = ids[i] > ids[i - 1];
            if (ascending)
            {
                for (int i = 0; i < ids.Length; i++) if (ids[i] != uint.MaxValue) keep[kept++] = i;
            }
            else
            {
                var seen = new HashSet<uint>(ids.Length);
                for (int i = 0; i < ids.Length; i++) if (ids[i] != uint.MaxValue && seen.Add(ids[i])) keep[kept++] = i;
            }
            Count = kept;
            // The hot part: most frequent ids first (lowest idf, then model order), each taking a free way of its set.
            int hotBits = Math.Clamp(BitOperations.Log2((uint)Math.Max(1, kept)), 2, HotSetBits);
            _hot = GC.AllocateArray<byte>(((1 << hotBits) + 1) * Unsafe.SizeOf<HotSet>(), pinned: true);
            unsafe
            {
                _hotStart = (int)((64 - (nint)Unsafe.AsPointer(ref _hot[0]) % 64) % 64); // each set on one cache line
            }
            _hotShift = 32 - hotBits;
            // (idf, model position) packed in 64 bits: their order is a sort by idf with ties in model order. Only the
            // ids met before the hot part is full need that order (the cold part's order does not matter), so the keys are
            // sorted a prefix at a time (SortPrefix) and the rest go to the cold part as they are.
            for (int k = 0; k < kept; k++) order[k] = (ulong)IdfOrderKey(idf[keep[k]]) << 32 | (uint)keep[k];
            int coldCount = 0, hotFree = (1 << hotBits) * HotWays, next = 0, sorted = 0;
            int[] cold = keep; // reused: keep is not read after the keys above
            while (next < kept && hotFree > 0)
            {
                if (next == sorted) sorted = next + SortPrefix(order.AsSpan(next, kept - next), Math.Max(4 * hotFree, 4096));
                int i = (int)(uint)order[next++];
                ref HotSet h = ref Unsafe.Add(ref HotSets(), HotSetOf(ids[i], _hotShift));
                int way = 0;
                while (way < HotWays && h.Keys[way] != 0) way++;
                if (way == HotWays)
                {
                    cold[coldCount++] = i;
                    continue;
                }
                h.Keys[way] = ids[i] + 1;
                h.Weights[way] = weights[i];
                h.Idfs[way] = idf[i];
                hotFree--;
            }
            while (next < kept) cold[coldCount++] = (int)(uint)order[next++];
            _coldCount = coldCount;
            _slots = new Slot[Math.Max(1, (int)Math.Ceiling(coldCount / Load))];
            _pilots = new ushort[Math.Max(1, (coldCount + IdsPerBucket - 1) / IdsPerBucket)];
            for (int k = 0; k < coldCount; k++) keys[k] = ids[cold[k]];
            for (_seed = 0; ; _seed++)
                if (TryPlace(keys.AsSpan(0, coldCount))) break;
            for (int k = 0; k < coldCount; k++)
            {
                int i = cold[k];
                _slots[Position(ids[i])] = new Slot { Key = ids[i] + 1, Weight = weights[i], Idf = idf[i] };
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(keep);
            ArrayPool<ulong>.Shared.Return(order);
            ArrayPool<uint>.Shared.Return(keys);
        }
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
    private bool TryPlace(ReadOnlySpan<uint> keys)
    {
        Array.Clear(_pilots);
        int buckets = _pilots.Length;
        int[] bucketOf = ArrayPool<int>.Shared.Rent(Math.Max(1, keys.Length));
        int[] start = ArrayPool<int>.Shared.Rent(buckets + 1);
        int[] fill = ArrayPool<int>.Shared.Rent(buckets + 1);
        int[] order = ArrayPool<int>.Shared.Rent(buckets);
        uint[] grouped = ArrayPool<uint>.Shared.Rent(Math.Max(1, keys.Length));
        int takenWords = (_slots.Length + 63) >> 6;
        ulong[] taken = ArrayPool<ulong>.Shared.Rent(takenWords); // one bit per slot: 1/8 of the bytes, so it stays in L1/L2
        try
        {
            // Keys grouped by bucket (counting sort: start[b + 1] counts bucket b first), buckets visited by decreasing size.
            Array.Clear(start, 0, buckets + 1);
            for (int k = 0; k < keys.Length; k++)
            {
                bucketOf[k] = Bucket(Mix(keys[k], _seed));
                start[bucketOf[k] + 1]++;
            }
            for (int b = 0; b < buckets; b++) start[b + 1] += start[b];
            Array.Copy(start, fill, buckets + 1);
            for (int k = 0; k < keys.Length; k++) grouped[fill[bucketOf[k]]++] = keys[k];
            // Buckets by decreasing size (counting sort: sizes are small).
            int largest = 0;
            for (int b = 0; b < buckets; b++) largest = Math.Max(largest, start[b + 1] - start[b]);
            var firstOfSize = new int[largest + 2];
            for (int b = 0; b < buckets; b++) firstOfSize[largest - (start[b + 1] - start[b]) + 1]++;
            for (int k = 1; k < firstOfSize.Length; k++) firstOfSize[k] += firstOfSize[k - 1];
            for (int b = 0; b < buckets; b++) order[firstOfSize[largest - (start[b + 1] - start[b])]++] = b;

            Array.Clear(taken, 0, takenWords);
            Span<int> positions = stackalloc int[64];
            Span<ulong> hashes = stackalloc ulong[64];
            for (int o = 0; o < buckets; o++)
            {
                int b = order[o];
                int size = start[b + 1] - start[b];
                if (size == 0) break;
                if (size > positions.Length) return false;
                for (int j = 0; j < size; j++) hashes[j] = Mix(grouped[start[b] + j], _seed);
                bool placed = false;
                for (int pilot = 0; pilot <= ushort.MaxValue && !placed; pilot++)
                {
                    placed = true;
                    for (int j = 0; j < size && placed; j++)
                    {
                        int pos = SlotOf(hashes[j], (ushort)pilot);
                        if ((taken[pos >> 6] >> pos & 1) != 0) placed = false;
                        for (int q = 0; q < j && placed; q++) if (positions[q] == pos) placed = false;
                        positions[j] = pos;
                    }
                    if (!placed) continue;
                    for (int j = 0; j < size; j++) taken[positions[j] >> 6] |= 1UL << positions[j];
                    _pilots[b] = (ushort)pilot;
                }
                if (!placed) return false;
            }
            return true;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(bucketOf);
            ArrayPool<int>.Shared.Return(start);
            ArrayPool<int>.Shared.Return(fill);
            ArrayPool<int>.Shared.Return(order);
            ArrayPool<uint>.Shared.Return(grouped);
            ArrayPool<ulong>.Shared.Return(taken);
        }
    }

    /// <summary>Moves the smallest keys of <paramref name="keys"/>, at least <paramref name="wanted"/> of them (or all), to
    /// its front in ascending order and returns how many: the keys whose top 16 bits are at most those of the
    /// <paramref name="wanted"/>-th smallest (one histogram pass, one partition pass, then a sort of that front only).</summary>
    internal static int SortPrefix(Span<ulong> keys, int wanted)
    {
        if (keys.Length <= 2 * wanted)
        {
            keys.Sort();
            return keys.Length;
        }
        int[] counts = ArrayPool<int>.Shared.Rent(1 << 16);
        try
        {
            Array.Clear(counts, 0, 1 << 16);
            foreach (ulong key in keys) counts[(int)(key >> 48)]++;
            int last = 0;
            for (int sum = 0; last < (1 << 16); last++)
                if ((sum += counts[last]) >= wanted) break;
            ulong limit = (ulong)last << 48 | 0xFFFF_FFFF_FFFFUL; // the front: every key <= limit
            int front = 0;
            for (int k = 0; k < keys.Length; k++)
                if (keys[k] <= limit) (keys[front], keys[k]) = (keys[k], keys[front++]);
            keys[..front].Sort();
            return front;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    /// <summary>A key whose unsigned order is the order of the idf values (float comparison; −0 = +0, NaN first).</summary>
    internal static uint IdfOrderKey(float idf)
    {
        if (idf == 0) return 0x8000_0000u;
        if (float.IsNaN(idf)) return 0;
        uint bits = BitConverter.SingleToUInt32Bits(idf);
        return (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(uint id, ulong seed) => (id ^ seed) * 0x9E37_79B9_7F4A_7C15UL; // ids are hashes already

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Bucket(ulong hash) => BucketOf(hash, (uint)_pilots.Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BucketOf(ulong hash, uint bucketCount) => (int)(((hash >> 32) * bucketCount) >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint PilotMix(ushort pilot) => (uint)(pilot * 0x9E37_79B9_7F4A_7C15UL >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int SlotOf(ulong hash, ushort pilot) => SlotOf(hash, PilotMix(pilot), (uint)_slots.Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int SlotOf(ulong hash, uint pilotMix, uint slotCount) => (int)(((uint)hash ^ pilotMix) * (ulong)slotCount >> 32);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref HotSet HotSets() => ref Unsafe.As<byte, HotSet>(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_hot), _hotStart));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HotSetOf(uint id, int shift) => (int)((id * HotMultiplier) >> shift);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Position(uint id)
    {
        ulong hash = Mix(id, _seed);
        return SlotOf(hash, _pilots[Bucket(hash)]);
    }

    /// <summary>The sparse part of the linear decision for one user (ids ascending; any order is still exact).</summary>
    public double Decision(ReadOnlySpan<uint> ids, ReadOnlySpan<byte> counts)
    {
        if (ids.Length == 0 || Count == 0) return 0;
        if (counts.Length != ids.Length) throw new ArgumentException("One count per id.", nameof(counts));
        UserLookup lookup = (t_scratch ??= new DecisionScratch()).Current;
        Prepare(ids, counts, lookup);
        return Finish(ids, counts, lookup);
    }

    /// <summary><see cref="Decision"/> of users [<paramref name="first"/>, first + output.Length) of
    /// <paramref name="batch"/>, each the same to the bit; the next user's missed slots are requested from memory while
    /// this user's are read and summed, so their cache misses overlap the work of a whole user.</summary>
    public void Decisions(FeatureBatch batch, int first, Span<double> output)
    {
        if (output.Length == 0) return;
        if (Count == 0)
        {
            output.Clear();
            return;
        }
        DecisionScratch scratch = t_scratch ??= new DecisionScratch();
        UserLookup current = scratch.Current, next = scratch.Next;
        Prepare(batch.SparseIds(first), batch.SparseCounts(first), current);
        for (int u = 0; u < output.Length; u++)
        {
            if (u + 1 < output.Length) Prepare(batch.SparseIds(first + u + 1), batch.SparseCounts(first + u + 1), next);
            output[u] = Finish(batch.SparseIds(first + u), batch.SparseCounts(first + u), current);
            (current, next) = (next, current);
        }
    }

    /// <summary>
    /// The first half of a lookup: every entry's hot set (its value and weight, 0 unless the set holds the id; the entries
    /// it misses listed), then the missed entries' cold slot positions (independent multiplies, the pilots are
    /// cache-resident), each slot prefetched as soon as its position is known.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Prepare(ReadOnlySpan<uint> ids, ReadOnlySpan<byte> counts, UserLookup lookup)
    {
        int n = ids.Length;
        if (counts.Length != n) throw new ArgumentException("One count per id.", nameof(counts));
        lookup.EnsureCapacity(n);
        ref float value0 = ref MemoryMarshal.GetArrayDataReference(lookup.Values);
        ref float weight0 = ref MemoryMarshal.GetArrayDataReference(lookup.Weights);
        ref int miss0 = ref MemoryMarshal.GetArrayDataReference(lookup.Misses);
        ref float tf = ref MemoryMarshal.GetArrayDataReference(Tf);
        ref uint id0 = ref MemoryMarshal.GetReference(ids);
        ref byte count0 = ref MemoryMarshal.GetReference(counts);
        ref HotSet hot = ref HotSets();
        int hotShift = _hotShift, misses = 0;
        for (int j = 0; j < n; j++)
        {
            uint id = Unsafe.Add(ref id0, j);
            ref HotSet h = ref Unsafe.Add(ref hot, HotSetOf(id, hotShift));
            // The way holding the id, or 4 when none does: way 4's weight and idf are 0.
            uint found = Vector128.Equals(Vector128.LoadUnsafe(ref Unsafe.As<HotKeys, uint>(ref h.Keys)), Vector128.Create(id + 1)).ExtractMostSignificantBits();
            int way = BitOperations.TrailingZeroCount(found | 1u << HotWays);
            Unsafe.Add(ref weight0, j) = Unsafe.Add(ref Unsafe.As<HotValues, float>(ref h.Weights), way);
            Unsafe.Add(ref value0, j) = Unsafe.Add(ref tf, Unsafe.Add(ref count0, j)) * Unsafe.Add(ref Unsafe.As<HotValues, float>(ref h.Idfs), way);
            Unsafe.Add(ref miss0, misses) = j;
            misses += way >> 2;
        }
        if (_coldCount == 0) misses = 0; // nothing else to find: the misses keep their zeros
        lookup.MissCount = misses;
        ref int pos0 = ref MemoryMarshal.GetArrayDataReference(lookup.Positions);
        ref Slot slots = ref MemoryMarshal.GetArrayDataReference(_slots);
        ref uint pilotMixes = ref MemoryMarshal.GetArrayDataReference(_pilotMixes);
        ulong seed = _seed;
        uint bucketCount = (uint)_pilots.Length, slotCount = (uint)_slots.Length;
        for (int k = 0; k < misses; k++)
        {
            ulong hash = Mix(Unsafe.Add(ref id0, Unsafe.Add(ref miss0, k)), seed);
            int pos = SlotOf(hash, Unsafe.Add(ref pilotMixes, BucketOf(hash, bucketCount)), slotCount);
            Unsafe.Add(ref pos0, k) = pos;
            if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref slots, pos)));
        }
    }

    /// <summary>The second half: the missed entries' cold slots (their value and weight, masked to 0 when absent), then
    /// the sums, per kind in entry order as before, so the result is the same to the bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Finish(ReadOnlySpan<uint> ids, ReadOnlySpan<byte> counts, UserLookup lookup)
    {
        int n = ids.Length, misses = lookup.MissCount;
        ref float value0 = ref MemoryMarshal.GetArrayDataReference(lookup.Values);
        ref float weight0 = ref MemoryMarshal.GetArrayDataReference(lookup.Weights);
        ref int miss0 = ref MemoryMarshal.GetArrayDataReference(lookup.Misses);
        ref int pos0 = ref MemoryMarshal.GetArrayDataReference(lookup.Positions);
        ref Slot slots = ref MemoryMarshal.GetArrayDataReference(_slots);
        ref float tf = ref MemoryMarshal.GetArrayDataReference(Tf);
        ref uint id0 = ref MemoryMarshal.GetReference(ids);
        ref byte count0 = ref MemoryMarshal.GetReference(counts);
        for (int k = 0; k < misses; k++)
        {
            ref Slot s = ref Unsafe.Add(ref slots, Unsafe.Add(ref pos0, k));
            int j = Unsafe.Add(ref miss0, k);
            // All ones when the slot holds this id, else 0: the weight and idf of another id are masked away.
            uint hit = (uint)(((long)(s.Key ^ (Unsafe.Add(ref id0, j) + 1)) - 1) >> 63);
            Unsafe.Add(ref weight0, j) = BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(s.Weight) & hit);
            float v = Unsafe.Add(ref tf, Unsafe.Add(ref count0, j));
            v *= BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(s.Idf) & hit);
            Unsafe.Add(ref value0, j) = v;
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
                if (Unsafe.Add(ref id0, i) - first >= span) break;
                float v = Unsafe.Add(ref value0, i);
                square += v * v;
                sum += (double)v * Unsafe.Add(ref weight0, i);
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

    /// <summary>Four ids (+ 1; 0 = empty way) with their weights and idfs, and a fifth way of zeros: one cache line.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 64)]
    private struct HotSet
    {
        public HotKeys Keys;
        public HotValues Weights;
        public HotValues Idfs;
    }

    [InlineArray(HotWays)]
    private struct HotKeys
    {
        private uint _key;
    }

    [InlineArray(HotWays + 1)]
    private struct HotValues
    {
        private float _value;
    }

    /// <summary>One user's entries between <see cref="Prepare"/> and <see cref="Finish"/>: value, weight, the entries the hot
    /// part missed and their cold slot positions.</summary>
    private sealed class UserLookup
    {
        public float[] Values = [], Weights = [];
        public int[] Misses = [], Positions = [];
        public int MissCount;

        public void EnsureCapacity(int entries)
        {
            if (Values.Length >= entries) return;
            int size = Math.Max(entries, 1024);
            (Values, Weights, Misses, Positions) = (new float[size], new float[size], new int[size], new int[size]);
        }
    }

    /// <summary>Per-thread buffers: two users' lookups, so one can be prepared while the other is finished.</summary>
    private sealed class DecisionScratch
    {
        public readonly UserLookup Current = new(), Next = new();
    }
}
