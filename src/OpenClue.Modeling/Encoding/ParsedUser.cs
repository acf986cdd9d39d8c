using OpenClue.Modeling.Data;
using OpenClue.Modeling.Text;

namespace OpenClue.Modeling.Encoding;

/// <summary>
/// One user's kept behaviours, tokenised and hashed once, newest first (index 0 = most recent). Truncation follows
/// <see cref="HashBehaviorEncoder"/>: walking back from the newest behaviour, whole behaviours are kept while their
/// tokens fit in <see cref="Limits.MaxTokensPerUser"/>; the boundary behaviour keeps only its last tokens and loses its
/// whole-behaviour identity; older behaviours are dropped. Reused per thread: no allocation in steady state.
/// </summary>
internal sealed class ParsedUser
{
    /// <summary>Kept behaviours (including a truncated boundary one).</summary>
    public int Count;
    /// <summary>Total kept tokens.</summary>
    public int TokenTotal;
    /// <summary>Per behaviour (newest first): hash of the normalised whole behaviour, valid when <see cref="HasWhole"/>.</summary>
    public uint[] WholeHash = new uint[64];
    public bool[] HasWhole = new bool[64];
    /// <summary>Index of the behaviour in the source list (to name features).</summary>
    public int[] SourceIndex = new int[64];
    /// <summary>Tokens of behaviour i are <c>Tokens[TokenStart[i] .. TokenStart[i + 1])</c>.</summary>
    public int[] TokenStart = new int[65];
    public uint[] Tokens = new uint[256];

    public ReadOnlySpan<uint> TokensOf(int i) => Tokens.AsSpan(TokenStart[i], TokenStart[i + 1] - TokenStart[i]);

    internal void EnsureBehaviors(int n)
    {
        if (WholeHash.Length >= n) return;
        int size = Math.Max(n, WholeHash.Length * 2);
        Array.Resize(ref WholeHash, size);
        Array.Resize(ref HasWhole, size);
        Array.Resize(ref SourceIndex, size);
        Array.Resize(ref TokenStart, size + 1);
    }

    internal void EnsureTokens(int n)
    {
        if (Tokens.Length < n) Array.Resize(ref Tokens, Math.Max(n, Tokens.Length * 2));
    }
}

/// <summary>Tokenises and hashes behaviours exactly as <see cref="HashBehaviorEncoder"/> does (same seeds).</summary>
internal sealed class BehaviorParser
{
    public const uint TokenSeed = BehaviorHasher.TokenSeed, BehaviorSeed = BehaviorHasher.BehaviorSeed;

    [ThreadStatic] private static BehaviorParser? t_instance;
    public static BehaviorParser ForThread => t_instance ??= new BehaviorParser();

    private readonly List<uint> _tokens = new();
    private readonly BehaviorHasher _hasher = new();
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
        int kept = 0;
        for (int i = behaviors.Count - 1; i >= 0 && kept < Limits.MaxTokensPerUser; i--)
        {
            // Normalise once for both the tokens and the whole-behaviour hash.
            ReadOnlySpan<char> normalized = TextNormalizer.ToLowerNfkc(behaviors[i], ref _normalized);
            _tokens.Clear();
            var sink = new Sink(this);
            BehaviorTokenizer.TokenizeNormalized(normalized, ref sink);
            int take = Math.Min(_tokens.Count, Limits.MaxTokensPerUser - kept);
            int b = user.Count;
            user.EnsureBehaviors(b + 1);
            user.EnsureTokens(kept + take);
            for (int t = _tokens.Count - take, k = kept; t < _tokens.Count; t++, k++) user.Tokens[k] = _tokens[t];
            kept += take;
            user.HasWhole[b] = take == _tokens.Count && _hasher.TryHashWholeNormalized(normalized, out user.WholeHash[b]);
            if (!user.HasWhole[b]) user.WholeHash[b] = 0;
            user.SourceIndex[b] = i;
            user.Count = b + 1;
            user.TokenStart[b + 1] = kept;
        }
        user.TokenTotal = kept;
    }

    public uint HashToken(ReadOnlySpan<char> token) => _hasher.HashToken(token);

    /// <summary>Hash of the behaviour normalised as NFKC, lower-case, trimmed, inner whitespace runs → one space.</summary>
    public bool TryHashWhole(ReadOnlySpan<char> behavior, out uint hash) => _hasher.TryHashWhole(behavior, out hash);

    /// <summary>Feeds each token of <paramref name="behavior"/> (normalised text, valid during the call) to the sink.</summary>
    public void Tokenize<TSink>(ReadOnlySpan<char> behavior, ref TSink sink) where TSink : struct, ITokenSink =>
        BehaviorTokenizer.TokenizeNormalized(TextNormalizer.ToLowerNfkc(behavior, ref _normalized), ref sink);

    private readonly struct Sink(BehaviorParser parser) : ITokenSink
    {
        public void Accept(ReadOnlySpan<char> token) => parser._tokens.Add(parser.HashToken(token));
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
