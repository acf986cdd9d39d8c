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

    /// <summary>Builds the sorted (id, count) list of a parsed user into the builder's buffers.</summary>
    internal sealed class Builder
    {
        private uint[] _raw = new uint[512];
        private uint[] _sorted = new uint[512];
        private readonly int[] _bucketStarts = new int[RadixPasses * RadixBuckets];
        public uint[] Ids = new uint[256];
        public byte[] Counts = new byte[256];
        public int Length;

        public void Build(ParsedUser user)
        {
            int need = user.TokenTotal * 3 + user.Count * 3;
            if (_raw.Length < need)
            {
                _raw = new uint[Math.Max(need, _raw.Length * 2)];
                _sorted = new uint[_raw.Length];
            }
            int n = 0;
            for (int b = 0; b < user.Count; b++)
            {
                bool recent = b < RecentBehaviors;
                ReadOnlySpan<uint> tokens = user.TokensOf(b);
                foreach (uint t in tokens)
                {
                    _raw[n++] = MakeId(KindToken, t);
                    if (recent) _raw[n++] = MakeId(KindRecentToken, t);
                }
                if (tokens.Length > 1)
                {
                    uint action = XxHash32.Remix(tokens[0], PairSalt);
                    for (int j = 1; j < tokens.Length; j++) _raw[n++] = MakeId(KindActionToken, XxHash32.Remix(tokens[j], action));
                }
                if (user.HasWhole[b])
                {
                    _raw[n++] = MakeId(KindBehavior, user.WholeHash[b]);
                    if (recent) _raw[n++] = MakeId(KindRecentBehavior, user.WholeHash[b]);
                    if (TryItemKey(user, b, out uint item)) _raw[n++] = MakeId(KindItem, item);
                }
            }
            ReadOnlySpan<uint> raw = Sort(n);
            if (Ids.Length < n)
            {
                Ids = new uint[Math.Max(n, Ids.Length * 2)];
                Counts = new byte[Ids.Length];
            }
            int m = 0;
            for (int i = 0; i < n;)
            {
                int j = i + 1;
                while (j < n && raw[j] == raw[i]) j++;
                Ids[m] = raw[i];
                Counts[m] = (byte)Math.Min(j - i, MaxCount);
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

        private const int RadixBits = 9, RadixBuckets = 1 << RadixBits, RadixPasses = 3; // ids have 27 bits (kind < 8)

        /// <summary>Sorts the first <paramref name="n"/> raw ids ascending: LSD radix sort, ~3× faster than introsort here;
        /// the three digits' counts are taken in one pass.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private ReadOnlySpan<uint> Sort(int n)
        {
            if (n < 64)
            {
                _raw.AsSpan(0, n).Sort();
                return _raw.AsSpan(0, n);
            }
            uint[] from = _raw, to = _sorted;
            Span<int> starts = _bucketStarts;
            starts.Clear();
            for (int i = 0; i < n; i++)
            {
                uint id = from[i];
                starts[(int)(id & (RadixBuckets - 1))]++;
                starts[RadixBuckets + (int)((id >> RadixBits) & (RadixBuckets - 1))]++;
                starts[2 * RadixBuckets + (int)((id >> (2 * RadixBits)) & (RadixBuckets - 1))]++;
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
            for (int pass = 0, shift = 0; pass < RadixPasses; pass++, shift += RadixBits)
            {
                Span<int> digit = starts.Slice(pass * RadixBuckets, RadixBuckets);
                for (int i = 0; i < n; i++)
                {
                    uint id = from[i];
                    to[digit[(int)(id >> shift) & (RadixBuckets - 1)]++] = id;
                }
                (from, to) = (to, from);
            }
            return from.AsSpan(0, n);
        }
    }
}
