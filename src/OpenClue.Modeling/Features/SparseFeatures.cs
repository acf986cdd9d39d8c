using OpenClue.Modeling.Encoding;

namespace OpenClue.Modeling.Features;

/// <summary>
/// The sparse part of a feature: exact-identity counts in a hashed id space. An id is <c>kind &lt;&lt; 24 | (hash &amp;
/// 0xFFFFFF)</c> where hash is the xxHash32 of the normalised whole behaviour or of the token (the seeds of
/// <c>oc-hash-1</c>), and kind is one of the constants below. "Recent" kinds repeat the ids of the
/// <see cref="RecentBehaviors"/> newest behaviours, so a linear model can weigh recent activity apart from old activity.
/// </summary>
public static class SparseFeatures
{
    public const int KindToken = 0, KindBehavior = 1, KindRecentToken = 2, KindRecentBehavior = 3;
    /// <summary>Action × token: the behaviour's first token (its action, e.g. <c>click</c> in <c>click: item 7 montbell
    /// jacket</c>) paired with each of its other tokens, so "which item got the click" is visible without the item's id.
    /// Unnamed (explanations skip it).</summary>
    public const int KindActionToken = 4;
    /// <summary>Item: a whole behaviour keyed without its purely numeric tokens (<c>rate 4.5: Bambi (1942) | Animation</c>
    /// → <c>rate bambi animation</c>), only for behaviours that have such a token, so the ratings of one film at different
    /// stars (or one product at different quantities) share an id that a whole-behaviour id splits. Unnamed (explanations
    /// skip it). MODELING.md, "Item ids (session 6)".</summary>
    public const int KindItem = 5;
    public const int KindCount = 6;
    private const uint ItemSalt = 0x6974_656d;
    private const uint PairSalt = 0x7061_6972;
    public const int HashBits = 24;
    public const uint HashMask = (1u << HashBits) - 1;

    /// <summary>How many of the newest behaviours feed the recent kinds.</summary>
    public const int RecentBehaviors = 10;

    /// <summary>Counts are stored capped at this value.</summary>
    public const int MaxCount = 255;

    public static uint MakeId(int kind, uint hash) => ((uint)kind << HashBits) | (hash & HashMask);

    public static int KindOf(uint id) => (int)(id >> HashBits);

    /// <summary>The id a feature's name is stored under: recent kinds share the names of their base kinds.</summary>
    public static uint NameKey(uint id) => MakeId(KindOf(id) & 1, id);

    /// <summary>
    /// Builds the sorted (id, count) list of a parsed user into the builder's buffers: one group of ids per kind (kinds
    /// are the ids' top bits, so the groups come in id order), each sorted on its own. Tokens come per distinct token with
    /// its count from the parser's token table; ids that collide in their 24 bits are merged and their counts summed.
    /// </summary>
    internal sealed class Builder
    {
        private uint[] _group = new uint[512]; // hash bits << 8 | count (capped): one kind's entries
        private uint[] _sorted = new uint[512];
        private readonly int[] _bucketStarts = new int[RadixPasses * RadixBuckets];
        public uint[] Ids = new uint[256];
        public byte[] Counts = new byte[256];
        public int Length;

        public void Build(ParsedUser user)
        {
            int need = Math.Max(user.TokenTotal, user.Count);
            if (_group.Length < need)
            {
                _group = new uint[Math.Max(need, _group.Length * 2)];
                _sorted = new uint[_group.Length];
            }
            int most = 2 * user.DistinctCount + 3 * user.Count + user.TokenTotal;
            if (Ids.Length < most)
            {
                Ids = new uint[Math.Max(most, Ids.Length * 2)];
                Counts = new byte[Ids.Length];
            }
            Length = 0;
            int recent = Math.Min(user.Count, RecentBehaviors);
            int n = 0;
            for (int d = 0; d < user.DistinctCount; d++) _group[n++] = Entry(user.DistinctHash[d], user.Occurrences[d]);
            Append(KindToken, n);
            n = 0;
            for (int b = 0; b < user.Count; b++)
                if (user.HasWhole[b]) _group[n++] = Entry(user.WholeHash[b], 1);
            Append(KindBehavior, n);
            n = 0;
            for (int d = 0; d < user.DistinctStart[recent]; d++) _group[n++] = Entry(user.DistinctHash[d], user.SparseRecentOccurrences[d]);
            Append(KindRecentToken, n);
            n = 0;
            for (int b = 0; b < recent; b++)
                if (user.HasWhole[b]) _group[n++] = Entry(user.WholeHash[b], 1);
            Append(KindRecentBehavior, n);
            n = 0;
            for (int b = 0; b < user.Count; b++)
            {
                ReadOnlySpan<uint> tokens = user.TokensOf(b);
                if (tokens.Length < 2) continue;
                uint action = XxHash32.Remix(tokens[0], PairSalt);
                for (int j = 1; j < tokens.Length; j++) _group[n++] = Entry(XxHash32.Remix(tokens[j], action), 1);
            }
            Append(KindActionToken, n);
            n = 0;
            for (int b = 0; b < user.Count; b++)
                if (user.HasWhole[b] && TryItemKey(user, b, out uint item)) _group[n++] = Entry(item, 1);
            Append(KindItem, n);
        }

        private static uint Entry(uint hash, int count) => (hash << (32 - HashBits)) | (uint)Math.Min(count, MaxCount);

        /// <summary>Sorts the group's <paramref name="n"/> entries and appends them as ids of <paramref name="kind"/>,
        /// one per distinct hash with the summed count (capped: capping each part first gives the same result).</summary>
        private void Append(int kind, int n)
        {
            ReadOnlySpan<uint> entries = Sort(n);
            int m = Length;
            for (int i = 0; i < n;)
            {
                uint hash = entries[i] >> (32 - HashBits);
                int count = (int)(entries[i] & MaxCount);
                int j = i + 1;
                for (; j < n && entries[j] >> (32 - HashBits) == hash; j++) count += (int)(entries[j] & MaxCount);
                Ids[m] = MakeId(kind, hash);
                Counts[m] = (byte)Math.Min(count, MaxCount);
                m++;
                i = j;
            }
            Length = m;
        }

        /// <summary>The <see cref="KindItem"/> hash of behaviour <paramref name="b"/>: its non-numeric token hashes chained in
        /// order; false when it has no purely numeric token (its whole-behaviour id already is that key) or nothing else.</summary>
        private static bool TryItemKey(ParsedUser user, int b, out uint key)
        {
            uint h = ItemSalt;
            bool dropped = false, kept = false;
            for (int k = user.TokenStart[b]; k < user.TokenStart[b + 1]; k++)
            {
                if (IsNumber(user.TokenText(k))) { dropped = true; continue; }
                h = XxHash32.Remix(user.Tokens[k], h);
                kept = true;
            }
            key = h;
            return dropped && kept;
        }

        /// <summary>Digits only: the tokenizer cuts <c>4.5</c> or <c>1,000</c> into digit runs.</summary>
        private static bool IsNumber(ReadOnlySpan<char> token)
        {
            foreach (char c in token) if (!char.IsAsciiDigit(c)) return false;
            return true;
        }

        private const int RadixBits = 8, RadixBuckets = 1 << RadixBits, RadixPasses = 3; // the entries' 24 hash bits

        /// <summary>Sorts the first <paramref name="n"/> entries by their hash bits: LSD radix sort, ~3× faster than
        /// introsort here; the three digits' counts are taken in one pass.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private ReadOnlySpan<uint> Sort(int n)
        {
            if (n < 64)
            {
                _group.AsSpan(0, n).Sort();
                return _group.AsSpan(0, n);
            }
            uint[] from = _group, to = _sorted;
            Span<int> starts = _bucketStarts;
            starts.Clear();
            for (int i = 0; i < n; i++)
            {
                uint entry = from[i];
                starts[(int)((entry >> 8) & (RadixBuckets - 1))]++;
                starts[RadixBuckets + (int)((entry >> 16) & (RadixBuckets - 1))]++;
                starts[2 * RadixBuckets + (int)(entry >> 24)]++;
            }
            for (int pass = 0; pass < RadixPasses; pass++)
            {
                Span<int> digit = starts.Slice(pass * RadixBuckets, RadixBuckets);
                for (int b = 0, sum = 0; b < RadixBuckets; b++)
                {
                    int count = digit[b];
                    digit[b] = sum;
                    sum += count;
                }
            }
            for (int pass = 0, shift = 8; pass < RadixPasses; pass++, shift += RadixBits)
            {
                Span<int> digit = starts.Slice(pass * RadixBuckets, RadixBuckets);
                for (int i = 0; i < n; i++)
                {
                    uint entry = from[i];
                    to[digit[(int)(entry >> shift) & (RadixBuckets - 1)]++] = entry;
                }
                (from, to) = (to, from);
            }
            return from.AsSpan(0, n);
        }
    }
}
