using System.Globalization;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Profiles;

/// <summary>
/// Scores users against a keyword set (custom attributes, §1.10, D19): a similarity in [-1, 1], higher = closer.
/// <para><b>Semantic part.</b> Each behaviour b the encoder understands has a cosine s_b between its sentence embedding
/// and the keyword set's (the centroid of the keywords' embeddings). A user's semantic score is a weighted mean of the
/// s_b of their behaviours, weight w_b · exp(s_b / T): w_b = (1 + ln count) · idf_b, doubled for behaviours among the 10
/// newest (the feature's "recent" ids), and the exponential lets the few behaviours that are truly about the keywords
/// stand out against a long unrelated history (T → ∞ is the plain mean, T → 0 the best match).</para>
/// <para><b>Exact part.</b> The TF-IDF cosine between the keywords' tokens and the user's tokens ((1 + ln count) · idf),
/// used only when some keyword token occurs in the feature at all.</para>
/// <para>Both present: (1 − β) · semantic + β · exact. Only one: that one (a user whose behaviours are all in a script the
/// encoder does not know, Korean or Japanese, falls back to exact token overlap; so do keywords in such a script).
/// Neither: 0.</para>
/// </summary>
public sealed class AttributeScorer
{
    private readonly Dictionary<uint, (float Similarity, float Idf)> _behaviors;
    private readonly Dictionary<uint, (float KeywordWeight, float Idf)> _tokens;
    private readonly float _keywordNorm;
    private readonly FeatureVocabulary _vocabulary;
    private readonly ProfileScoring _options;

    /// <param name="behaviorSimilarity">Name key of a behaviour → cosine with the keyword set (only behaviours the encoder knows).</param>
    /// <param name="vocabulary">The feature's document frequencies.</param>
    /// <param name="keywordTokens">Token name keys of the keywords with their counts (<see cref="KeywordSet.TokenKeys"/>).</param>
    public AttributeScorer(IReadOnlyDictionary<uint, float> behaviorSimilarity, FeatureVocabulary vocabulary,
        IReadOnlyDictionary<uint, int> keywordTokens, ProfileScoring options)
    {
        ArgumentNullException.ThrowIfNull(behaviorSimilarity);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(keywordTokens);
        _options = options;
        _vocabulary = vocabulary;
        _behaviors = new Dictionary<uint, (float, float)>(behaviorSimilarity.Count);
        foreach (var (key, s) in behaviorSimilarity) _behaviors[key] = (s, (float)vocabulary.Idf(key));
        _tokens = new Dictionary<uint, (float, float)>();
        double norm = 0;
        foreach (var (key, count) in keywordTokens)
        {
            if (!vocabulary.DocumentFrequency.ContainsKey(key)) continue; // a token no user has cannot match anyone
            float idf = (float)vocabulary.Idf(key);
            float weight = (float)(1 + Math.Log(count)) * idf;
            _tokens[key] = (weight, idf);
            norm += (double)weight * weight;
        }
        _keywordNorm = (float)Math.Sqrt(norm);
    }

    /// <summary>True when the exact token part can contribute (a keyword token occurs in the feature).</summary>
    public bool HasExactPart => _tokens.Count > 0;

    /// <summary>True when the semantic part can contribute (some behaviour has a similarity).</summary>
    public bool HasSemanticPart => _behaviors.Count > 0;

    /// <summary>The similarity of user <paramref name="user"/> of <paramref name="batch"/>.</summary>
    public double Score(FeatureBatch batch, int user)
    {
        ReadOnlySpan<uint> ids = batch.SparseIds(user);
        ReadOnlySpan<byte> counts = batch.SparseCounts(user);
        double semanticSum = 0, semanticWeight = 0, dot = 0, userNorm = 0;
        float inverseTemperature = 1f / _options.Temperature;
        for (int i = 0; i < ids.Length; i++)
        {
            uint id = ids[i];
            int kind = SparseFeatures.KindOf(id);
            float logCount = 1f + MathF.Log(counts[i]);
            if (kind is SparseFeatures.KindBehavior or SparseFeatures.KindRecentBehavior)
            {
                if (!_behaviors.TryGetValue(SparseFeatures.NameKey(id), out var b)) continue;
                // A recent id repeats its behaviour: adding it again doubles the weight of the newest behaviours.
                double w = logCount * b.Idf * Math.Exp(b.Similarity * inverseTemperature);
                semanticSum += w * b.Similarity;
                semanticWeight += w;
            }
            else if (kind == SparseFeatures.KindToken)
            {
                if (!HasExactPart) continue;
                double u;
                if (_tokens.TryGetValue(id, out var t))
                {
                    u = logCount * t.Idf;
                    dot += u * t.KeywordWeight;
                }
                else u = logCount * _vocabulary.Idf(id);
                userNorm += u * u;
            }
        }
        bool semantic = semanticWeight > 0;
        bool exact = HasExactPart && userNorm > 0;
        double s = semantic ? semanticSum / semanticWeight : 0;
        double e = exact ? dot / (Math.Sqrt(userNorm) * _keywordNorm) : 0;
        double score = semantic && exact ? (1 - _options.ExactWeight) * s + _options.ExactWeight * e : semantic ? s : e;
        return Math.Clamp(score, -1, 1);
    }

    /// <summary>Writes <c>user_id\tsimilarity</c> lines (6 decimals, D19) for every user of the batch; returns the bytes written into <paramref name="text"/>.</summary>
    public int WriteLines(FeatureBatch batch, ref byte[] text)
    {
        int length = 0;
        for (int u = 0; u < batch.Count; u++)
        {
            ReadOnlySpan<byte> id = batch.UserIdUtf8(u);
            if (text.Length < length + id.Length + 16) Array.Resize(ref text, Math.Max(text.Length * 2, length + id.Length + 16));
            id.CopyTo(text.AsSpan(length));
            length += id.Length;
            text[length++] = (byte)'\t';
            double score = Math.Round(Score(batch, u), 6);
            if (score == 0) score = 0; // never "-0.000000"
            score.TryFormat(text.AsSpan(length), out int written, "F6", CultureInfo.InvariantCulture);
            length += written;
            text[length++] = (byte)'\n';
        }
        return length;
    }
}
