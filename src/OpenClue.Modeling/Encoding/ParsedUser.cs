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
    }

    internal void EnsureTokens(int n)
    {
        if (Tokens.Length >= n) return;
        int size = Math.Max(n, Tokens.Length * 2);
        Array.Resize(ref Tokens, size);
        Array.Resize(ref TokenTextStart, size);
        Array.Resize(ref TokenTextLength, size);
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
    private readonly DistinctTokenSet _distinct = new(); // the current user's kept tokens
    private char[]? _normalized; // pooled, kept for the life of the parser

    /// <summary>Fills <paramref name="user"/> from <paramref name="behaviors"/> (oldest first).</summary>
    public void Parse(IReadOnlyList<string> behaviors, ParsedUser user) => Parse(new ListSource(behaviors), user);

    /// <summary>Fills <paramref name="user"/> from packed behaviours (oldest first).</summary>
    public void Parse(BehaviorSpans behaviors, ParsedUser user) => Parse(new SpansSource(behaviors), user);

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
        if (user.Text.Length > ParsedUser.KeepTextChars) user.Text = new char[4096]; // drop a huge user's buffer
        int kept = 0;
        _distinct.Reset();
        for (int i = behaviors.Count - 1; i >= 0 && kept < Limits.MaxTokenOccurrencesPerUser; i--)
        {
            // Normalise once for both the tokens and the whole-behaviour hash.
            ReadOnlySpan<char> normalized = TextNormalizer.ToLowerNfkc(behaviors[i], ref _normalized, out _normalizedIsAscii);
            _tokenCount = 0;
            _normalizedStart = OffsetInBuffer(normalized);
            var sink = new Sink(this);
            BehaviorTokenizer.TokenizeNormalized(normalized, ref sink);
            int count = _tokenCount;
            // From the behaviour's last token back: a token already kept is free, a new one needs room in the limit.
            int take = 0;
            while (take < count && kept + take < Limits.MaxTokenOccurrencesPerUser && _distinct.Keep(_tokens[count - 1 - take])) take++;
            if (take == 0 && count > 0) break; // not even its newest token fits
            int b = user.Count;
            user.EnsureBehaviors(b + 1);
            user.EnsureTokens(kept + take);
            int textStart = user.AppendText(normalized);
            for (int t = count - take, k = kept; t < count; t++, k++)
            {
                user.Tokens[k] = _tokens[t];
                user.TokenTextStart[k] = textStart + _tokenOffsets[t];
                user.TokenTextLength[k] = _tokenLengths[t];
            }
            kept += take;
            user.AllTokensKept[b] = take == count;
            user.HasWhole[b] = take == count && _hasher.TryHashWholeNormalized(normalized, _normalizedIsAscii, out user.WholeHash[b]);
            if (!user.HasWhole[b]) user.WholeHash[b] = 0;
            user.SourceIndex[b] = i;
            user.Count = b + 1;
            user.TokenStart[b + 1] = kept;
            if (take < count) break; // the boundary behaviour: older ones are dropped
        }
        user.TokenTotal = kept;
    }

    public uint HashToken(ReadOnlySpan<char> token) => _hasher.HashToken(token);

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

    private interface IBehaviorSource
    {
        int Count { get; }
        ReadOnlySpan<char> this[int index] { get; }
    }

    private readonly struct ListSource(IReadOnlyList<string> list) : IBehaviorSource
    {
        public int Count => list.Count;
        public ReadOnlySpan<char> this[int index] => list[index] ?? "";
    }

    private readonly struct SpansSource(BehaviorSpans spans) : IBehaviorSource
    {
        public int Count => spans.Count;
        public ReadOnlySpan<char> this[int index] => spans[index];
    }
}
