using System.Text;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Text;

namespace OpenClue.Modeling.Tests;

/// <summary>
/// The parser's per-user token table feeds the dense vector, the sparse ids and the feature names per distinct token.
/// These tests recompute all three occurrence by occurrence, as the build did before the table (a set for the limit, a
/// first-seen counter per dense block, one sorted list of every id, a name check per occurrence), on seeded random users
/// mixing Korean, other scripts, long tokens and users past the distinct-token and occurrence limits, and require
/// identical floats, ids, counts and names.
/// </summary>
public class UserTokenTableTests
{
    private static readonly string[] Words =
    [
        "view:", "click:", "buy:", "search:", "item", "러닝화", "나이키", "추천", "몽벨", "자켓", "폴로", "니트", "café", "Straße",
        "東京タワー", "ＡＢＣ１２３", "Привет", "ΣΟΦΙΑ", "emoji😀", "아이폰15", "sku-12345/abc", "MiXeD한글Case", "ﬁle", "x", "ǅungla",
        new string('k', 300), "long" + new string('한', 120), "a\u0301b", "\u00a0nbsp", "tab\tinside",
    ];

    /// <summary>Users of 0–80 behaviours; every 23rd has 1,500 behaviours each with two fresh ids (past 2,048 distinct
    /// tokens: a boundary behaviour is cut among several new tokens); every 29th has 2,040 distinct tokens in its newest
    /// behaviours and then older ones mostly over the same words (near the limit: repeats still kept, new ones until it
    /// is full); every 61st 11,000 behaviours over few tokens (past 32,768 occurrences).</summary>
    public static IEnumerable<object[]> Users()
    {
        var random = new Random(1804);
        for (int u = 0; u < 120; u++)
        {
            bool fresh = u % 23 == 7, nearLimit = u % 29 == 11, many = u % 61 == 3;
            int n = fresh ? 1500 : nearLimit ? 1680 : many ? 11_000 : random.Next(81);
            var behaviors = new List<string>(n);
            for (int b = 0; b < n; b++)
            {
                var text = new StringBuilder();
                if (nearLimit && b >= 1000)
                {
                    text.Append("fresh").Append(b).Append(" 새").Append(b).Append(" x").Append(b).Append('y');
                    behaviors.Add(text.ToString());
                    continue;
                }
                int words = random.Next(1, 7);
                for (int w = 0; w < words; w++)
                {
                    if (w > 0) text.Append(random.Next(8) == 0 ? "  " : " ");
                    if (fresh && w == words - 1) text.Append("item").Append(b).Append(" sku").Append(b).Append('x');
                    else if (many) text.Append(Words[random.Next(4)]);
                    else if (nearLimit) text.Append(Words[random.Next(Words.Length)]).Append(random.Next(20) == 0 ? random.Next(3000).ToString() : "");
                    else text.Append(Words[random.Next(Words.Length)]).Append(random.Next(3) == 0 ? random.Next(50).ToString() : "");
                }
                behaviors.Add(text.ToString());
            }
            yield return [u, behaviors];
        }
    }

    [Theory]
    [MemberData(nameof(Users))]
    public void DenseAndSparseEqualTheOccurrenceByOccurrencePath(int user, List<string> behaviors)
    {
        _ = user;
        var parsed = new ParsedUser();
        new BehaviorParser().Parse(behaviors, parsed);
        Reference reference = Reference.Of(behaviors);

        Assert.Equal(reference.Kept.Count, parsed.Count);
        Assert.Equal(reference.Kept.Sum(k => k.Tokens.Length), parsed.TokenTotal);
        for (int b = 0; b < parsed.Count; b++) Assert.Equal(reference.Kept[b].Tokens, parsed.TokensOf(b).ToArray());

        float[] dense = new float[HashBehaviorEncoder.VectorDimension];
        HashBehaviorEncoder.EncodeParsed(parsed, dense);
        Assert.Equal(reference.Dense(), dense);

        var sparse = new SparseFeatures.Builder();
        sparse.Build(parsed);
        (uint[] ids, byte[] counts) = reference.Sparse();
        Assert.Equal(ids, sparse.Ids.AsSpan(0, sparse.Length).ToArray());
        Assert.Equal(counts, sparse.Counts.AsSpan(0, sparse.Length).ToArray());
    }

    [Fact]
    public void NamesEqualTheOccurrenceByOccurrencePath()
    {
        var users = Users().Select(u => (List<string>)u[1]).ToList();
        var output = new MemoryStream();
        using (var writer = new FeatureSetWriter(output, new HashBehaviorEncoder(), leaveOpen: true))
        {
            for (int u = 0; u < users.Count; u++) writer.Write(new UserSequence { UserId = $"u{u}", Behaviors = users[u] });
            writer.Complete();
        }
        output.Position = 0;
        using var reader = new FeatureSetReader(output);
        var vector = new float[reader.Dimension];
        while (reader.TryRead(out _, vector)) { }

        var expected = new Dictionary<uint, string>();
        foreach (List<string> behaviors in users) Reference.Of(behaviors).AddNames(expected);
        Assert.Equal(expected.OrderBy(e => e.Key), reader.FeatureNames.OrderBy(e => e.Key));
    }

    /// <summary>The build as it was before the token table, one token occurrence at a time.</summary>
    private sealed class Reference
    {
        public sealed record Behavior(string Text, uint[] Tokens, string[] TokenTexts, bool HasWhole, uint WholeHash, bool AllKept,
            uint[] AllTokens, string[] AllTokenTexts);

        public List<Behavior> Kept { get; } = []; // newest first

        public static Reference Of(List<string> behaviors)
        {
            var reference = new Reference();
            var distinct = new HashSet<uint>();
            int kept = 0;
            for (int i = behaviors.Count - 1; i >= 0 && kept < Limits.MaxTokenOccurrencesPerUser; i--)
            {
                var texts = new List<string>();
                BehaviorTokenizer.Tokenize(behaviors[i], texts);
                uint[] hashes = texts.Select(t => XxHash32.Hash(System.Text.Encoding.UTF8.GetBytes(t), BehaviorParser.TokenSeed)).ToArray();
                int take = 0;
                while (take < hashes.Length && kept + take < Limits.MaxTokenOccurrencesPerUser
                    && (distinct.Contains(hashes[^(take + 1)]) || (distinct.Count < Limits.MaxTokensPerUser && distinct.Add(hashes[^(take + 1)]))))
                    take++;
                if (take == 0 && hashes.Length > 0) break;
                string lower = behaviors[i].Normalize(NormalizationForm.FormKC).ToLowerInvariant();
                string collapsed = string.Join(' ', lower.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                bool all = take == hashes.Length;
                reference.Kept.Add(new Behavior(behaviors[i], hashes[^take..], texts.ToArray()[^take..], all && collapsed.Length > 0,
                    XxHash32.Hash(System.Text.Encoding.UTF8.GetBytes(collapsed), BehaviorParser.BehaviorSeed), all, hashes, texts.ToArray()));
                kept += take;
                if (!all) break;
            }
            return reference;
        }

        public float[] Dense()
        {
            var tokens = new Dictionary<uint, int>();
            var wholes = new Dictionary<uint, int>();
            var recent = new Dictionary<uint, int>();
            for (int b = 0; b < Kept.Count; b++)
            {
                foreach (uint t in Kept[b].Tokens)
                {
                    Increment(tokens, t);
                    if (b < HashBehaviorEncoder.RecentBehaviorCount) Increment(recent, XxHash32.Remix(t, 0x7265_6301));
                }
                if (!Kept[b].HasWhole) continue;
                Increment(wholes, Kept[b].WholeHash);
                if (b < HashBehaviorEncoder.RecentBehaviorCount) Increment(recent, XxHash32.Remix(Kept[b].WholeHash, 0x7265_6302));
            }
            var vector = new float[HashBehaviorEncoder.VectorDimension];
            Block(tokens, vector.AsSpan(0, 256), 0.6f);
            Block(wholes, vector.AsSpan(256, 128), 0.6f);
            Block(recent, vector.AsSpan(384, 128), MathF.Sqrt(0.28f));
            return vector;
        }

        public (uint[] Ids, byte[] Counts) Sparse()
        {
            var raw = new List<uint>();
            for (int b = 0; b < Kept.Count; b++)
            {
                bool recent = b < SparseFeatures.RecentBehaviors;
                uint[] tokens = Kept[b].Tokens;
                foreach (uint t in tokens)
                {
                    raw.Add(SparseFeatures.MakeId(SparseFeatures.KindToken, t));
                    if (recent) raw.Add(SparseFeatures.MakeId(SparseFeatures.KindRecentToken, t));
                }
                if (tokens.Length > 1)
                {
                    uint action = XxHash32.Remix(tokens[0], 0x7061_6972);
                    for (int j = 1; j < tokens.Length; j++) raw.Add(SparseFeatures.MakeId(SparseFeatures.KindActionToken, XxHash32.Remix(tokens[j], action)));
                }
                if (!Kept[b].HasWhole) continue;
                raw.Add(SparseFeatures.MakeId(SparseFeatures.KindBehavior, Kept[b].WholeHash));
                if (recent) raw.Add(SparseFeatures.MakeId(SparseFeatures.KindRecentBehavior, Kept[b].WholeHash));
                // The item id: the behaviour's hash chain without its digits-only tokens, when it has both kinds.
                uint item = 0x6974_656d;
                bool dropped = false, kept = false;
                for (int t = 0; t < tokens.Length; t++)
                {
                    if (Kept[b].TokenTexts[t].All(char.IsAsciiDigit)) { dropped = true; continue; }
                    item = XxHash32.Remix(tokens[t], item);
                    kept = true;
                }
                if (dropped && kept) raw.Add(SparseFeatures.MakeId(SparseFeatures.KindItem, item));
            }
            var groups = raw.GroupBy(id => id).OrderBy(g => g.Key).ToList();
            return ([.. groups.Select(g => g.Key)], [.. groups.Select(g => (byte)Math.Min(g.Count(), SparseFeatures.MaxCount))]);
        }

        /// <summary>Per kept behaviour: its text (trimmed, as given), then its tokens — every token of a cut boundary
        /// behaviour when any of its kept ones is unnamed; the first text seen for a key wins.</summary>
        public void AddNames(Dictionary<uint, string> names)
        {
            foreach (Behavior behavior in Kept)
            {
                if (behavior.HasWhole) names.TryAdd(SparseFeatures.MakeId(SparseFeatures.KindBehavior, behavior.WholeHash), behavior.Text.Trim());
                if (behavior.AllKept)
                {
                    for (int t = 0; t < behavior.Tokens.Length; t++)
                        names.TryAdd(SparseFeatures.MakeId(SparseFeatures.KindToken, behavior.Tokens[t]), behavior.TokenTexts[t]);
                }
                else if (behavior.Tokens.Any(t => !names.ContainsKey(SparseFeatures.MakeId(SparseFeatures.KindToken, t))))
                {
                    for (int t = 0; t < behavior.AllTokens.Length; t++)
                        names.TryAdd(SparseFeatures.MakeId(SparseFeatures.KindToken, behavior.AllTokens[t]), behavior.AllTokenTexts[t]);
                }
            }
        }

        private static void Increment(Dictionary<uint, int> counts, uint key) =>
            counts[key] = counts.GetValueOrDefault(key) + 1;

        /// <summary>Values in first-seen order (what a never-emptied dictionary enumerates), ±(1 + ln c), L2-normalised.</summary>
        private static void Block(Dictionary<uint, int> counts, Span<float> block, float weight)
        {
            foreach ((uint hash, int count) in counts)
            {
                float value = 1f + MathF.Log(count);
                block[(int)(hash & (uint)(block.Length - 1))] += (hash & 0x8000_0000u) != 0 ? -value : value;
            }
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(block);
            if (norm > 0f) System.Numerics.Tensors.TensorPrimitives.Multiply(block, weight / norm, block);
        }
    }
}
