using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// The value a sparse entry takes in the linear model: (1 + ln count) × idf of its column, only columns of the
/// model, each kind's block L2-normalised per user (TF-IDF with sublinear tf, per block).
/// </summary>
internal static class IdfTransform
{
    /// <summary><paramref name="idf"/>[i] is the idf of entry i, or 0 when the id is not a column (then its value is 0).</summary>
    public static void Apply(ReadOnlySpan<uint> ids, ReadOnlySpan<byte> counts, ReadOnlySpan<float> idf, Span<float> values)
    {
        Span<float> norms = stackalloc float[SparseFeatures.KindCount];
        norms.Clear();
        for (int i = 0; i < ids.Length; i++)
        {
            float v = (1 + MathF.Log(Math.Max((int)counts[i], 1))) * idf[i];
            values[i] = v;
            norms[Math.Min(SparseFeatures.KindOf(ids[i]), SparseFeatures.KindCount - 1)] += v * v;
        }
        for (int k = 0; k < norms.Length; k++) norms[k] = norms[k] > 0 ? 1 / MathF.Sqrt(norms[k]) : 0;
        for (int i = 0; i < ids.Length; i++) values[i] *= norms[Math.Min(SparseFeatures.KindOf(ids[i]), SparseFeatures.KindCount - 1)];
    }
}
