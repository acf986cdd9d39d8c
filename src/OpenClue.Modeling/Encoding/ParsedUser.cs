using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Text;

namespace OpenClue.Modeling.Encoding;

/// <summary>
/// One user's kept behaviours, tokenised and hashed once, newest first (index 0 = most recent). Truncation follows
/// <see cref="HashBehaviorEncoder"/>: walking back from the newest behaviour, whole behaviours are kept while their
/// distinct tokens number at most <see cref="Limits.MaxTokensPerUser"/> (a repeated token counts once) and their token
/// occurrences at most <see cref="Limits.MaxTokenOccurrencesPerUser"/>; the boundary behaviour keeps only its last tokens
/// and loses its whole-behaviour identity; older behaviours are dropped. Reused per thread: no allocation in steady state.
/// </summary>
internal sealed class ParsedUser
{
    /// <summary>Kept behaviours (including a truncated boundary one).</summary>
    public int Count;
    /// <summary>Kept token occurrences (at most <see cref="Limits.MaxTokenOccurrencesPerUser"/>).</summary>
    public int TokenTotal;
    /// <summary>Per behaviour (newest first): hash of the normalised whole behaviour, valid when <see cref="HasWhole"/>.</summary>
    public uint[] WholeHash = new uint[64];
    public bool[] HasWhole = new bool[64];
    /// <summary>Index of the behaviour in the source list (to name features).</summary>
    public int[] SourceIndex = new int[64];
    /// <summary>Tokens of behaviour i are <c>Tokens[TokenStart[i] .. TokenStart[i + 1])</c>.</summary>
    public int[] TokenStart = new int[65];
    public uint[] Tokens = new uint[256];
    /// <summary>Per behaviour: all its tokens were kept (false only for a truncated boundary behaviour).</summary>
    public bool[] AllTokensKept = new bool[64];
    /// <summary>Normalised text of kept token k: <c>Text[TokenTextStart[k] ..][.. TokenTextLength[k]]</c> (to name features).</summary>
    public int[] TokenTextStart = new int[256];
    public int[] TokenTextLength = new int[256];
    public char[] Text = new char[4096];
    public int TextLength;

    /// <summary>Distinct kept tokens, in first-seen order walking from the newest behaviour (each behaviour's tokens in
    /// text order): the order in which a counter of the kept occurrences would list them.</summary>
    public int DistinctCount;
    public uint[] DistinctHash = new uint[256];
    /// <summary>Per distinct token: its first kept occurrence (an index into <see cref="Tokens"/>).</summary>
    public int[] DistinctFirst = new int[256];
    /// <summary>Per distinct token: its kept occurrences.</summary>
    public int[] Occurrences = new int[256];
    /// <summary>Per distinct token first seen in the newest <see cref="SparseRecentBehaviors"/> behaviours: its
    /// occurrences there (entries past <c>DistinctStart[min(Count, SparseRecentBehaviors)]</c> are not meaningful).</summary>
    public int[] SparseRecentOccurrences = new int[256];
    /// <summary>The same for the newest <see cref="DenseRecentBehaviors"/> behaviours.</summary>
    public int[] DenseRecentOccurrences = new int[256];
    /// <summary>The distinct tokens first seen in behaviour i are <c>DistinctStart[i] .. DistinctStart[i + 1]</c>.</summary>
    public int[] DistinctStart = new int[65];

    /// <summary>The recency windows of the sparse ids and of the dense block, in behaviours.</summary>
    internal const int SparseRecentBehaviors = Features.SparseFeatures.RecentBehaviors, DenseRecentBehaviors = HashBehaviorEncoder.RecentBehaviorCount;
    /// <summary>A <see cref="Text"/> grown past this by a rare huge user is dropped when the next user is parsed.</summary>
    internal const int KeepTextChars = 32 * 1024;

    public ReadOnlySpan<uint> TokensOf(int i) => Tokens.AsSpan(TokenStart[i], TokenStart[i + 1] - TokenStart[i]);

    public ReadOnlySpan<char> TokenText(int k) => Text.AsSpan(TokenTextStart[k], TokenTextLength[k]);

    internal void EnsureBehaviors(int n)
    {
        if (WholeHash.Length >= n) return;
        int size = Math.Max(n, WholeHash.Length * 2);
        Array.Resize(ref WholeHash, size);
        Array.Resize(ref HasWhole, size);
        Array.Resize(ref SourceIndex, size);
        Array.Resize(ref AllTokensKept, size);
        Array.Resize(ref TokenStart, size + 1);
        Array.Resize(ref DistinctStart, size + 1);
    }

    internal void EnsureDistinct(int n)
    {
        if (DistinctHash.Length >= n) return;
        int size = Math.Min(Math.Max(n, DistinctHash.Length * 2), Limits.MaxTokensPerUser);
        Array.Resize(ref DistinctHash, size);
        Array.Resize(ref DistinctFirst, size);
        Array.Resize(ref Occurrences, size);
        Array.Resize(ref SparseRecentOccurrences, size);
        Array.Resize(ref DenseRecentOccurrences, size);
    }

    /// <summary>Called after behaviour <c>Count − 1</c> is complete, and once more after the last one: takes the
    /// occurrence counts of the recency windows when they close.</summary>
    internal void CloseRecencyWindows(bool last)
    {
        if (Count == SparseRecentBehaviors || (last && Count < SparseRecentBehaviors))
            Occurrences.AsSpan(0, DistinctCount).CopyTo(SparseRecentOccurrences);
        if (Count == DenseRecentBehaviors || (last && Count < DenseRecentBehaviors))
            Occurrences.AsSpan(0, DistinctCount).CopyTo(DenseRecentOccurrences);
    }

    internal void EnsureTokens(int n)
    {
        if (Tokens.Length >= n) return;
        int size = Math.Max(n, Tokens.Length * 2);
        Array.Resize(ref Tokens, size);
        Array.Resize(ref TokenTextStart, size);
        Array.Resize(ref TokenTextLength, size);
    }

    /// <summary>Room for <paramref name="chars"/> more chars of normalised text after <see cref="TextLength"/>.</summary>
    internal void EnsureText(int chars)
    {
        if (TextLength + chars > Text.Length) Array.Resize(ref Text, Math.Max(TextLength + chars, Text.Length * 2));
    }

    /// <summary>Appends a behaviour's normalised text; returns where it starts in <see cref="Text"/>.</summary>
    internal int AppendText(ReadOnlySpan<char> text)
    {
        if (TextLength + text.Length > Text.Length) Array.Resize(ref Text, Math.Max(TextLength + text.Length, Text.Length * 2));
        int start = TextLength;
        text.CopyTo(Text.AsSpan(start));
        TextLength += text.Length;
        return start;
    }
}

/// <summary>Tokenises and hashes behaviours exactly as <see cref="HashBehaviorEncoder"/> does (same seeds).</summary>
internal sealed class BehaviorParser
{
    public const uint TokenSeed = BehaviorHasher.TokenSeed, BehaviorSeed = BehaviorHasher.BehaviorSeed;

    [ThreadStatic] private static BehaviorParser? t_instance;
    public static BehaviorParser ForThread => t_instance ??= new BehaviorParser();

    private uint[] _tokens = new uint[256];     // hashes of the current behaviour's tokens
    private int[] _tokenOffsets = new int[256]; // their (start, length) in the normalised behaviour
    private int[] _tokenLengths = new int[256];
    private int _tokenCount;
    private int _normalizedStart; // where the current normalised behaviour starts in _normalized
    private bool _normalizedIsAscii; // then so is every token of it
    private readonly BehaviorHasher _hasher = new();
    private readonly UserTokenTable _table = new(); // the current user's kept tokens
    private int[] _tokenIndices = new int[256]; // per token of the current behaviour: its index in _table
    private int[] _renumbered = new int[256];
    private char[]? _normalized; // pooled, kept for the life of the parser
    private char[] _decoded = new char[256]; // a UTF-8 behaviour decoded for the normalising path
    private byte[] _utf8 = new byte[1024]; // the current behaviour's normalised text in UTF-8 (fast path)
    private int _utf8Length;
    private bool _utf8IsWhole; // the UTF-8 text is also the whitespace-collapsed text the whole-behaviour hash reads

    /// <summary>Fills <paramref name="user"/> from <paramref name="behaviors"/> (oldest first).</summary>
    public void Parse(IReadOnlyList<string> behaviors, ParsedUser user) => Parse(new ListSource(behaviors), user);

    /// <summary>Fills <paramref name="user"/> from packed UTF-8 behaviours (oldest first), as the UTF-16 of the same text would.</summary>
    public void Parse(BehaviorSpans behaviors, ParsedUser user) => Parse(new Utf8Source(behaviors), user);

    /// <summary>Fills <paramref name="user"/> from a sequence as read (packed spans when the reader filled them).</summary>
    public void Parse(UserSequence sequence, ParsedUser user)
    {
        if (sequence.SpansCurrent) Parse(sequence.Spans, user);
        else Parse(sequence.Behaviors, user);
    }

    private void Parse<TSource>(TSource behaviors, ParsedUser user) where TSource : struct, IBehaviorSource
    {
        user.Count = 0;
        user.TokenTotal = 0;
        user.TokenStart[0] = 0;
        user.TextLength = 0;
        user.DistinctCount = 0;
        user.DistinctStart[0] = 0;
        if (user.Text.Length > ParsedUser.KeepTextChars) user.Text = new char[4096]; // drop a huge user's buffer
        if (_utf8.Length > 3 * ParsedUser.KeepTextChars) _utf8 = new byte[1024]; // and a huge behaviour's bytes
        int kept = 0;
        _table.Reset();
        for (int i = behaviors.Count - 1; i >= 0 && kept < Limits.MaxTokenOccurrencesPerUser; i--)
        {
            _tokenCount = 0;
            int textStart = user.TextLength;
            ReadOnlySpan<char> normalized;
            bool fast = behaviors.TryScan(this, i, user, out int length);
            if (fast)
            {
                normalized = user.Text.AsSpan(textStart, length);
                user.TextLength += length;
            }
            else
            {
                // Normalise once for both the tokens and the whole-behaviour hash.
                _tokenCount = 0;
                normalized = TextNormalizer.ToLowerNfkc(behaviors.Chars(this, i), ref _normalized, out _normalizedIsAscii);
                _normalizedStart = OffsetInBuffer(normalized);
                var sink = new Sink(this);
                BehaviorTokenizer.TokenizeNormalized(normalized, ref sink);
                textStart = user.AppendText(normalized);
            }
            int count = _tokenCount;
            int take = TakeTokens(count, kept);
            if (take == 0 && count > 0) break; // not even its newest token fits
            int b = user.Count;
            user.EnsureBehaviors(b + 1);
            user.EnsureTokens(kept + take);
            user.EnsureDistinct(_table.Count);
            for (int t = count - take, k = kept; t < count; t++, k++)
            {
                uint hash = _tokens[t];
                user.Tokens[k] = hash;
                user.TokenTextStart[k] = textStart + _tokenOffsets[t];
                user.TokenTextLength[k] = _tokenLengths[t];
                int d = _tokenIndices[t];
                if (d == user.DistinctCount) // first seen (indices are given in this order)
                {
                    user.DistinctHash[d] = hash;
                    user.DistinctFirst[d] = k;
                    user.Occurrences[d] = 0;
                    user.DistinctCount = d + 1;
                }
                user.Occurrences[d]++;
            }
            kept += take;
            user.AllTokensKept[b] = take == count;
            user.HasWhole[b] = take == count && (fast && _utf8IsWhole
                ? HashWholeUtf8(out user.WholeHash[b])
                : _hasher.TryHashWholeNormalized(normalized, _normalizedIsAscii, out user.WholeHash[b]));
            if (!user.HasWhole[b]) user.WholeHash[b] = 0;
            user.SourceIndex[b] = i;
            user.Count = b + 1;
            user.TokenStart[b + 1] = kept;
            user.DistinctStart[b + 1] = user.DistinctCount;
            user.CloseRecencyWindows(last: false);
            if (take < count) break; // the boundary behaviour: older ones are dropped
        }
        user.TokenTotal = kept;
        user.CloseRecencyWindows(last: true);
    }

    /// <summary>
    /// How many of the current behaviour's last tokens are kept, each given its index in the user's token table
    /// (<see cref="_tokenIndices"/>). From the behaviour's last token back: a token already kept is free, a new one needs
    /// room in the limits. The new tokens are then numbered in text order: first-seen order walking from the newest
    /// behaviour, the order in which the dense blocks sum them.
    /// </summary>
    private int TakeTokens(int count, int kept)
    {
        int from = _table.Count;
        if (from + count <= Limits.MaxTokensPerUser && kept + count <= Limits.MaxTokenOccurrencesPerUser)
        {
            for (int t = 0; t < count; t++) _tokenIndices[t] = _table.Intern(_tokens[t]); // all fit: in text order at once
            return count;
        }
        int take = 0;
        while (take < count && kept + take < Limits.MaxTokenOccurrencesPerUser)
        {
            int index = _table.Intern(_tokens[count - 1 - take]);
            if (index < 0) break;
            _tokenIndices[count - 1 - take] = index;
            take++;
        }
        int added = _table.Count - from;
        if (added == 0) return take;
        if (_renumbered.Length < added) _renumbered = new int[Math.Max(added, _renumbered.Length * 2)];
        Span<int> renumbered = _renumbered.AsSpan(0, added);
        renumbered.Fill(-1);
        int next = from;
        for (int t = count - take; t < count; t++)
        {
            int index = _tokenIndices[t];
            if (index < from) continue;
            if (renumbered[index - from] < 0) renumbered[index - from] = next++;
            _tokenIndices[t] = renumbered[index - from];
        }
        _table.Renumber(from, renumbered);
        return take;
    }

    public uint HashToken(ReadOnlySpan<char> token) => _hasher.HashToken(token);

    /// <summary>
    /// The common case in one pass: a behaviour made only of ASCII and precomposed Hangul syllables is already NFKC
    /// (<see cref="TextNormalizer"/>), so it is lower-cased into <paramref name="user"/>'s text (not committed),
    /// transcoded to UTF-8 as it goes, cut into tokens exactly as <see cref="BehaviorTokenizer"/> cuts such text (runs of
    /// ASCII letters/digits and runs of syllables), and each token hashed from its UTF-8 bytes. Also tells whether the
    /// text is its own whitespace-collapsed form (no leading, trailing or double space, no other whitespace), so the
    /// whole-behaviour hash can read the same bytes. False, with nothing kept, at the first other character.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryScanAsciiOrHangul(ReadOnlySpan<char> behavior, ParsedUser user)
    {
        int length = behavior.Length;
        user.EnsureText(length);
        if (_utf8.Length < length * 3) _utf8 = new byte[Math.Max(length * 3, _utf8.Length * 2)];
        ReadOnlySpan<byte> asciiClasses = BehaviorTokenizer.AsciiClasses;
        Span<char> text = user.Text.AsSpan(user.TextLength, length);
        Span<byte> utf8 = _utf8;
        const int Separator = 0, Hangul = 2;
        int runClass = Separator, runStart = 0, runByteStart = 0, bytes = 0;
        bool collapsed = length > 0 && behavior[0] != ' ', isAscii = true;
        char previous = ' ';
        for (int p = 0; p < length; p++)
        {
            char c = behavior[p];
            int cls;
            int byteStart = bytes;
            if (c < 0x80)
            {
                if ((uint)(c - 'A') <= 'Z' - 'A') c = (char)(c | 0x20);
                else if ((uint)(c - '\t') <= '\r' - '\t' || (c == ' ' && previous == ' ')) collapsed = false;
                cls = asciiClasses[c];
                utf8[bytes++] = (byte)c;
            }
            else if ((uint)(c - 0xAC00) <= 0xD7A3 - 0xAC00)
            {
                cls = Hangul;
                isAscii = false;
                utf8[bytes] = (byte)(0xE0 | (c >> 12));
                utf8[bytes + 1] = (byte)(0x80 | ((c >> 6) & 0x3F));
                utf8[bytes + 2] = (byte)(0x80 | (c & 0x3F));
                bytes += 3;
            }
            else
            {
                return false;
            }
            text[p] = c;
            previous = c;
            if (cls != runClass)
            {
                if (runClass != Separator)
                    AddToken(XxHash32.Hash(utf8[runByteStart..byteStart], TokenSeed), runStart, p - runStart);
                runClass = cls;
                runStart = p;
                runByteStart = byteStart;
            }
        }
        if (runClass != Separator) AddToken(XxHash32.Hash(utf8[runByteStart..bytes], TokenSeed), runStart, length - runStart);
        _utf8Length = bytes;
        _utf8IsWhole = collapsed && previous != ' ';
        _normalizedIsAscii = isAscii;
        return true;
    }

    /// <summary>
    /// <see cref="TryScanAsciiOrHangul"/> on the behaviour's UTF-8 (valid, as the reader checked it): ASCII bytes are
    /// lower-cased, a three-byte sequence of a precomposed Hangul syllable (lead byte EA–ED, then range-checked) is kept
    /// as it is, and the chars written to <paramref name="user"/>'s text are those the UTF-16 scan writes;
    /// <paramref name="length"/> is their number. False, with nothing kept, at the first other character.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryScanUtf8(ReadOnlySpan<byte> behavior, ParsedUser user, out int length)
    {
        int n = behavior.Length;
        length = 0;
        user.EnsureText(n); // a char per byte at most
        if (_utf8.Length < n) _utf8 = new byte[Math.Max(n, _utf8.Length * 2)];
        ReadOnlySpan<byte> asciiClasses = BehaviorTokenizer.AsciiClasses;
        Span<char> text = user.Text.AsSpan(user.TextLength, n);
        Span<byte> utf8 = _utf8;
        const int Separator = 0, Hangul = 2;
        int runClass = Separator, runStart = 0, runByteStart = 0, chars = 0, p = 0;
        bool collapsed = n > 0 && behavior[0] != ' ', isAscii = true;
        char previous = ' ';
        while (p < n)
        {
            int b = behavior[p];
            int cls;
            char c;
            int byteStart = p;
            if (b < 0x80)
            {
                if ((uint)(b - 'A') <= 'Z' - 'A') b |= 0x20;
                else if ((uint)(b - '\t') <= '\r' - '\t' || (b == ' ' && previous == ' ')) collapsed = false;
                cls = asciiClasses[b];
                utf8[p++] = (byte)b;
                c = (char)b;
            }
            else if ((uint)(b - 0xEA) <= 0xED - 0xEA && p + 2 < n)
            {
                c = (char)(((b & 0x0F) << 12) | ((behavior[p + 1] & 0x3F) << 6) | (behavior[p + 2] & 0x3F));
                if ((uint)(c - 0xAC00) > 0xD7A3 - 0xAC00) return false;
                cls = Hangul;
                isAscii = false;
                utf8[p] = (byte)b;
                utf8[p + 1] = behavior[p + 1];
                utf8[p + 2] = behavior[p + 2];
                p += 3;
            }
            else
            {
                return false;
            }
            text[chars] = c;
            previous = c;
            if (cls != runClass)
            {
                if (runClass != Separator)
                    AddToken(XxHash32.Hash(utf8[runByteStart..byteStart], TokenSeed), runStart, chars - runStart);
                runClass = cls;
                runStart = chars;
                runByteStart = byteStart;
            }
            chars++;
        }
        if (runClass != Separator) AddToken(XxHash32.Hash(utf8[runByteStart..n], TokenSeed), runStart, chars - runStart);
        _utf8Length = n;
        _utf8IsWhole = collapsed && previous != ' ';
        _normalizedIsAscii = isAscii;
        length = chars;
        return true;
    }

    /// <summary>The UTF-16 of a UTF-8 behaviour, for the normalising path (valid until the next call).</summary>
    private ReadOnlySpan<char> Decode(ReadOnlySpan<byte> behavior)
    {
        if (_decoded.Length < behavior.Length) _decoded = new char[Math.Max(behavior.Length, _decoded.Length * 2)];
        return _decoded.AsSpan(0, System.Text.Encoding.UTF8.GetChars(behavior, _decoded));
    }

    /// <summary>The whole-behaviour hash of the text <see cref="TryScanAsciiOrHangul"/> left in UTF-8 when it is already
    /// whitespace-collapsed (and not empty, which it then is not).</summary>
    private bool HashWholeUtf8(out uint hash)
    {
        hash = XxHash32.Hash(_utf8.AsSpan(0, _utf8Length), BehaviorSeed);
        return true;
    }

    /// <summary>Hash of the behaviour normalised as NFKC, lower-case, trimmed, inner whitespace runs → one space.</summary>
    public bool TryHashWhole(ReadOnlySpan<char> behavior, out uint hash) => _hasher.TryHashWhole(behavior, out hash);

    /// <summary>Feeds each token of <paramref name="behavior"/> (normalised text, valid during the call) to the sink.</summary>
    public void Tokenize<TSink>(ReadOnlySpan<char> behavior, ref TSink sink) where TSink : struct, ITokenSink =>
        BehaviorTokenizer.TokenizeNormalized(TextNormalizer.ToLowerNfkc(behavior, ref _normalized), ref sink);

    private void AddToken(uint hash, int offset, int length)
    {
        if (_tokenCount == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokenCount * 2);
            Array.Resize(ref _tokenOffsets, _tokenCount * 2);
            Array.Resize(ref _tokenLengths, _tokenCount * 2);
            Array.Resize(ref _tokenIndices, _tokenCount * 2);
        }
        _tokens[_tokenCount] = hash;
        _tokenOffsets[_tokenCount] = offset;
        _tokenLengths[_tokenCount] = length;
        _tokenCount++;
    }

    /// <summary>Where <paramref name="slice"/> (of the normalisation buffer) starts in that buffer.</summary>
    private int OffsetInBuffer(ReadOnlySpan<char> slice) =>
        (int)(Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(_normalized!), ref MemoryMarshal.GetReference(slice)) / sizeof(char));

    /// <summary>Hashes each token and records where it lies in the normalised behaviour (tokens are slices of it).</summary>
    private readonly struct Sink(BehaviorParser parser) : ITokenSink
    {
        public void Accept(ReadOnlySpan<char> token) =>
            parser.AddToken(parser._normalizedIsAscii ? XxHash32.HashAscii(token, TokenSeed) : parser.HashToken(token),
                parser.OffsetInBuffer(token) - parser._normalizedStart, token.Length);
    }

    /// <summary>Behaviours in UTF-16 or in UTF-8: the fast scan of each, and its UTF-16 for the normalising path.</summary>
    private interface IBehaviorSource
    {
        int Count { get; }
        bool TryScan(BehaviorParser parser, int index, ParsedUser user, out int length);
        ReadOnlySpan<char> Chars(BehaviorParser parser, int index);
    }

    private readonly struct ListSource(IReadOnlyList<string> list) : IBehaviorSource
    {
        public int Count => list.Count;

        public bool TryScan(BehaviorParser parser, int index, ParsedUser user, out int length)
        {
            string behavior = list[index] ?? "";
            length = behavior.Length;
            return parser.TryScanAsciiOrHangul(behavior, user);
        }

        public ReadOnlySpan<char> Chars(BehaviorParser parser, int index) => list[index] ?? "";
    }

    private readonly struct Utf8Source(BehaviorSpans spans) : IBehaviorSource
    {
        public int Count => spans.Count;
        public bool TryScan(BehaviorParser parser, int index, ParsedUser user, out int length) => parser.TryScanUtf8(spans[index], user, out length);
        public ReadOnlySpan<char> Chars(BehaviorParser parser, int index) => parser.Decode(spans[index]);
    }
}
