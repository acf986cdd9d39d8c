using System.Numerics.Tensors;

namespace OpenClue.Modeling.Profiles;

/// <summary>
/// Sentence-transformer pooling: the mean of a text's token vectors over its attention mask, L2-normalised, so a dot
/// product of two pooled vectors is their cosine similarity.
/// </summary>
public static class SentencePooling
{
    /// <summary>
    /// Pools one batch. <paramref name="hidden"/> is [texts × tokens × dimension] (row-major, as ONNX returns it),
    /// <paramref name="mask"/> [texts × tokens] with 1 for real tokens; <paramref name="pooled"/> receives
    /// [texts × dimension]. A text with no real token gets a zero vector.
    /// </summary>
    public static void MeanPoolNormalize(ReadOnlySpan<float> hidden, ReadOnlySpan<long> mask, int texts, int tokens, int dimension,
        Span<float> pooled)
    {
        if (hidden.Length < (long)texts * tokens * dimension) throw new ArgumentException("hidden is smaller than texts × tokens × dimension.");
        if (mask.Length < texts * tokens) throw new ArgumentException("mask is smaller than texts × tokens.");
        if (pooled.Length < texts * dimension) throw new ArgumentException("pooled is smaller than texts × dimension.");
        for (int t = 0; t < texts; t++)
        {
            Span<float> target = pooled.Slice(t * dimension, dimension);
            target.Clear();
            int real = 0;
            for (int k = 0; k < tokens; k++)
            {
                if (mask[t * tokens + k] == 0) continue;
                TensorPrimitives.Add(target, hidden.Slice((t * tokens + k) * dimension, dimension), target);
                real++;
            }
            if (real == 0) continue;
            float norm = TensorPrimitives.Norm(target);
            if (norm > 0) TensorPrimitives.Divide(target, norm, target);
        }
    }

    /// <summary>The L2-normalised mean of unit vectors (a keyword set's centroid); false when they cancel out or none is given.</summary>
    public static bool Centroid(IReadOnlyList<float[]> vectors, Span<float> centroid)
    {
        centroid.Clear();
        foreach (var v in vectors) TensorPrimitives.Add(centroid, v, centroid);
        float norm = TensorPrimitives.Norm(centroid);
        if (vectors.Count == 0 || norm < 1e-6f) return false;
        TensorPrimitives.Divide(centroid, norm, centroid);
        return true;
    }
}
