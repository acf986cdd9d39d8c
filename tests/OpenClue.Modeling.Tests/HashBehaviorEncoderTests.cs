using System.Numerics.Tensors;
using OpenClue.Modeling.Encoding;

namespace OpenClue.Modeling.Tests;

public class HashBehaviorEncoderTests
{
    private static readonly HashBehaviorEncoder Encoder = new();

    private static float[] Encode(IReadOnlyList<string> behaviors, out int tokens)
    {
        var vector = new float[Encoder.Dimension];
        tokens = Encoder.Encode(behaviors, vector);
        return vector;
    }

    private static float[] Encode(params string[] behaviors) => Encode(behaviors, out _);

    [Fact]
    public void RegistryFindsTheModel()
    {
        IBehaviorEncoder? found = BehaviorEncoders.FindBuiltIn("oc-hash-1");
        Assert.IsType<HashBehaviorEncoder>(found);
        Assert.Equal("oc-hash-1", found!.ModelName);
        Assert.Equal(512, found.Dimension);
        Assert.Null(BehaviorEncoders.FindBuiltIn("OC-HASH-1"));
        Assert.Null(BehaviorEncoders.FindBuiltIn("clue-large"));
    }

    [Fact]
    public void IsDeterministicAcrossInstancesAndThreads()
    {
        string[] behaviors = ["search: dog food", "click: kibble 2kg", "buy: chew toy", "검색: 강아지 사료"];
        float[] expected = Encode(behaviors);
        var results = new float[8][];
        Parallel.For(0, 8, i =>
        {
            var v = new float[512];
            new HashBehaviorEncoder().Encode(behaviors, v);
            results[i] = v;
        });
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void KnownAnswerPinsTheHashFunction()
    {
        // If this changes, every stored feature set and model silently becomes incompatible: bump the model name instead.
        float[] v = Encode("search: dog food");
        int[] nonZero = Enumerable.Range(0, 512).Where(i => v[i] != 0).ToArray();
        Assert.Equal(3 + 1 + 4, nonZero.Length); // 3 tokens, 1 behaviour, 3 recent tokens + 1 recent behaviour (barring collisions)
        Assert.Equal(KnownNonZero, string.Join(",", nonZero));
    }

    private const string KnownNonZero = "87,98,174,262,388,439,503,506";

    [Fact]
    public void CountsTokensAndNormalisesBlocks()
    {
        float[] v = Encode(["search: dog food", "buy: dog bowl"], out int tokens);
        Assert.Equal(6, tokens);
        Assert.Equal(0.6f, TensorPrimitives.Norm(v.AsSpan(0, 256)), 4);
        Assert.Equal(0.6f, TensorPrimitives.Norm(v.AsSpan(256, 128)), 4);
        Assert.Equal(MathF.Sqrt(0.28f), TensorPrimitives.Norm(v.AsSpan(384, 128)), 4);
        Assert.Equal(1f, TensorPrimitives.Norm(v), 4);
    }

    [Fact]
    public void NoBehavioursGiveZeroVector()
    {
        float[] v = Encode([], out int tokens);
        Assert.Equal(0, tokens);
        Assert.All(v, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void WholeBehaviourNormalisationIgnoresCaseAndSpacing()
    {
        Assert.Equal(Encode("Search:  Dog   Food "), Encode("search: dog food"));
        Assert.NotEqual(Encode("search: dog food"), Encode("search: food dog"));
    }

    [Fact]
    public void OrderMattersThroughRecency()
    {
        var older = Enumerable.Range(0, 30).Select(i => $"view: item{i}").ToList();
        float[] a = Encode([.. older, "buy: protein"]);
        float[] b = Encode(["buy: protein", .. older]);
        Assert.Equal(a.AsSpan(0, 384).ToArray(), b.AsSpan(0, 384).ToArray()); // bags are order-free
        Assert.NotEqual(a.AsSpan(384).ToArray(), b.AsSpan(384).ToArray());   // the recency block is not
    }

    [Fact]
    public void KeepsTheNewestBehavioursWithin2048DistinctTokens()
    {
        // 3,000 behaviours "view item{i} red": view and red are shared, so the newest 2,046 fill the 2,048 distinct tokens;
        // of the boundary behaviour #953 only "red" (already kept, so free) fits; its "item953" would be new.
        var behaviors = Enumerable.Range(0, 3000).Select(i => $"view item{i} red").ToList();
        float[] full = Encode(behaviors, out int kept);
        Assert.Equal(2046 * 3 + 1, kept);

        // Same vector as the user whose history starts with the kept token of behaviour #953.
        var recentOnly = behaviors.Skip(954).ToList();
        recentOnly.Insert(0, "red");
        float[] truncatedByHand = Encode(recentOnly, out int keptByHand);
        Assert.Equal(kept, keptByHand);
        Assert.Equal(full.AsSpan(0, 256).ToArray(), truncatedByHand.AsSpan(0, 256).ToArray()); // token block identical
        Assert.Equal(full.AsSpan(384).ToArray(), truncatedByHand.AsSpan(384).ToArray());       // recency block identical

        // Older history beyond the limit has no effect.
        float[] withMoreHistory = Encode([.. Enumerable.Range(0, 500).Select(i => $"old stuff {i}"), .. behaviors], out int kept2);
        Assert.Equal(kept, kept2);
        Assert.Equal(full, withMoreHistory);
    }

    [Fact]
    public void RepeatedTokensDoNotCountTowardTheLimit()
    {
        // 3,000 behaviours over 100 items: 102 distinct tokens, 9,000 occurrences, all kept (the oldest changes the counts).
        var behaviors = Enumerable.Range(0, 3000).Select(i => $"view item{i % 100} red").ToList();
        float[] full = Encode(behaviors, out int kept);
        Assert.Equal(9000, kept);
        Assert.NotEqual(full, Encode(behaviors.Skip(1).ToList(), out _));
    }

    [Fact]
    public void TokenOccurrencesAreBounded()
    {
        var behaviors = Enumerable.Range(0, Limits.MaxTokenOccurrencesPerUser).Select(i => "view red").ToList();
        Encode(behaviors, out int kept);
        Assert.Equal(Limits.MaxTokenOccurrencesPerUser, kept);
    }

    [Fact]
    public void RejectsWrongOutputLength() =>
        Assert.Throws<ArgumentException>(() => Encoder.Encode(["a"], new float[511]));
}
