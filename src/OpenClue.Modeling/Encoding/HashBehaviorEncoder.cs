using System.Numerics.Tensors;
using OpenClue.Modeling.Text;

namespace OpenClue.Modeling.Encoding;

/// <summary>
/// The built-in, training-free model <c>oc-hash-1</c>: signed feature hashing (xxHash32 of the UTF-8 text, fixed
/// seeds) into 512 dimensions, a pure function of the behaviours, so vectors from different files are comparable.
/// <para>Layout (each block L2-normalised, then scaled so the block weights' squares sum to 1):</para>
/// <list type="bullet">
/// <item>[0, 256) tokens (<see cref="BehaviorTokenizer"/>) of the kept behaviours, weight 0.6;</item>
/// <item>[256, 384) whole behaviours (NFKC, lower-cased, trimmed, whitespace collapsed), weight 0.6;</item>
/// <item>[384, 512) recency: tokens and whole behaviours of the last 20 behaviours re-hashed with "recent" salts, weight √0.28.</item>
/// </list>
/// A feature occurring <c>c</c> times contributes ±(1 + ln c) (sublinear, sign from the hash).
/// <para><b>Truncation:</b> walking from the newest behaviour backwards, whole behaviours are kept while their distinct
/// tokens number at most <see cref="Limits.MaxTokensPerUser"/> (a token seen in a newer behaviour counts once) and their
/// occurrences at most <see cref="Limits.MaxTokenOccurrencesPerUser"/>; the boundary behaviour keeps only its last
/// tokens (its whole-behaviour feature is dropped) and older behaviours are dropped. No behaviours → zero vector.</para>
/// </summary>
public sealed class HashBehaviorEncoder : IBehaviorEncoder, IParsedUserEncoder
{
    public const string Name = "oc-hash-1";
    public const int VectorDimension = 512;
    /// <summary>How many of the newest behaviours also feed the recency block.</summary>
    public const int RecentBehaviorCount = 20;

    private const int TokenBlockStart = 0, TokenBlockSize = 256;
    private const int BehaviorBlockStart = 256, BehaviorBlockSize = 128;
    private const int RecentBlockStart = 384, RecentBlockSize = 128;
    private const float TokenBlockWeight = 0.6f, BehaviorBlockWeight = 0.6f;
    private static readonly float RecentBlockWeight = MathF.Sqrt(0.28f);

    private const uint RecentTokenSalt = 0x7265_6301, RecentBehaviorSalt = 0x7265_6302;

    /// <summary>1 + ln c for the counts nearly every feature has, from the same <see cref="MathF.Log(float)"/> (so the
    /// same floats) once instead of per feature and user.</summary>
    private static readonly float[] SublinearCounts = BuildSublinearCounts(256);

    [ThreadStatic] private static Scratch? t_scratch;
    [ThreadStatic] private static ParsedUser? t_user;

    public HashBehaviorEncoder() { }

    public string ModelName => Name;

    public int Dimension => VectorDimension;

    public int Encode(IReadOnlyList<string> behaviors, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(behaviors);
        if (output.Length != VectorDimension)
            throw new ArgumentException($"output must have length {VectorDimension}.", nameof(output));
        ParsedUser user = t_user ??= new ParsedUser();
        BehaviorParser.ForThread.Parse(behaviors, user);
        EncodeParsed(user, output);
        return user.TokenTotal;
    }

    void IParsedUserEncoder.EncodeParsed(ParsedUser user, Span<float> output) => EncodeParsed(user, output);

    /// <summary>
    /// The vector of a parsed user (its tokens and whole-behaviour hashes use this model's seeds). Features are counted
    /// in first-seen order walking from the newest behaviour, so every bucket sums its values in a fixed order.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static void EncodeParsed(ParsedUser user, Span<float> output)
    {
        output.Clear();
        Scratch scratch = t_scratch ??= new Scratch();
        int recent = Math.Min(user.Count, RecentBehaviorCount);
        scratch.BehaviorCounts.Reset(user.Count);
        scratch.RecentCounts.Reset(user.DistinctStart[recent] + recent);
        // The parser's token table already lists the distinct tokens in first-seen order with their counts; the recent
        // block sees, per behaviour, the tokens first seen there (with their counts in the window), then the behaviour.
        for (int b = 0; b < user.Count; b++)
        {
            bool isRecent = b < RecentBehaviorCount;
            if (isRecent)
                for (int d = user.DistinctStart[b]; d < user.DistinctStart[b + 1]; d++)
                    scratch.RecentCounts.Add(XxHash32.Remix(user.DistinctHash[d], RecentTokenSalt), user.DenseRecentOccurrences[d]);
            if (user.HasWhole[b])
            {
                uint behaviorHash = user.WholeHash[b];
                scratch.BehaviorCounts.Add(behaviorHash, 1);
                if (isRecent) scratch.RecentCounts.Add(XxHash32.Remix(behaviorHash, RecentBehaviorSalt), 1);
            }
        }

        int distinct = user.DistinctCount;
        WriteBlock(user.DistinctHash.AsSpan(0, distinct), user.Occurrences.AsSpan(0, distinct), output.Slice(TokenBlockStart, TokenBlockSize), TokenBlockWeight);
        WriteBlock(scratch.BehaviorCounts.Keys, scratch.BehaviorCounts.Counts, output.Slice(BehaviorBlockStart, BehaviorBlockSize), BehaviorBlockWeight);
        WriteBlock(scratch.RecentCounts.Keys, scratch.RecentCounts.Counts, output.Slice(RecentBlockStart, RecentBlockSize), RecentBlockWeight);
    }

    private static void WriteBlock(ReadOnlySpan<uint> hashes, ReadOnlySpan<int> occurrences, Span<float> block, float weight)
    {
        if (hashes.IsEmpty) return;
        int mask = block.Length - 1; // block sizes are powers of two
        for (int i = 0; i < hashes.Length; i++)
        {
            uint hash = hashes[i];
            int count = occurrences[i];
            float value = (uint)count < (uint)SublinearCounts.Length ? SublinearCounts[count] : 1f + MathF.Log(count);
            // Low bits pick the bucket, the top bit the sign (xxHash32 avalanches, so they are independent).
            block[(int)(hash & (uint)mask)] += (hash & 0x8000_0000u) != 0 ? -value : value;
        }
        float norm = TensorPrimitives.Norm(block);
        if (norm > 0f) TensorPrimitives.Multiply(block, weight / norm, block);
    }

    private static float[] BuildSublinearCounts(int n)
    {
        var values = new float[n];
        for (int c = 1; c < n; c++) values[c] = 1f + MathF.Log(c);
        return values;
    }

    /// <summary>Per-thread reusable state so encoding a user allocates nothing in steady state.</summary>
    private sealed class Scratch
    {
        public readonly HashCounter BehaviorCounts = new();
        public readonly HashCounter RecentCounts = new();
    }
}
