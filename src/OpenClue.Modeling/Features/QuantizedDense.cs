using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OpenClue.Modeling.Features;

/// <summary>
/// Arithmetic on a dense vector stored as int8 per block of <see cref="FeatureSetFormat.QuantBlock"/> dimensions with one
/// float scale per block (value = q × scale), without materialising the float vector first.
/// </summary>
public static class QuantizedDense
{
    private const int Block = FeatureSetFormat.QuantBlock;

    /// <summary>vector[j] = q[j] × scale of its block, in float (the values <see cref="FeatureSetReader"/> returns).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dequantize(ReadOnlySpan<float> scales, ReadOnlySpan<sbyte> q, Span<float> vector)
    {
        if (q.Length != vector.Length || scales.Length != FeatureSetFormat.BlockCount(q.Length)) throw new ArgumentException("Lengths do not match.");
        int b = 0, start = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref sbyte q0 = ref MemoryMarshal.GetReference(q);
            ref float v0 = ref MemoryMarshal.GetReference(vector);
            for (; start + Block <= q.Length; b++, start += Block)
            {
                Vector256<float> s = Vector256.Create(scales[b]);
                (Vector256<float> x0, Vector256<float> x1, Vector256<float> x2, Vector256<float> x3) = Widen(ref Unsafe.Add(ref q0, start));
                (x0 * s).StoreUnsafe(ref v0, (nuint)start);
                (x1 * s).StoreUnsafe(ref v0, (nuint)(start + 8));
                (x2 * s).StoreUnsafe(ref v0, (nuint)(start + 16));
                (x3 * s).StoreUnsafe(ref v0, (nuint)(start + 24));
            }
        }
        for (; start < q.Length; b++, start += Block)
        {
            float s = scales[b];
            int end = Math.Min(start + Block, q.Length);
            for (int j = start; j < end; j++) vector[j] = q[j] * s;
        }
    }

    /// <summary>Σ_j (q[j] × scale of its block) · weights[j] computed as Σ_blocks scale · Σ q·w, in float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> scales, ReadOnlySpan<sbyte> q, ReadOnlySpan<float> weights)
    {
        if (q.Length != weights.Length || scales.Length != FeatureSetFormat.BlockCount(q.Length)) throw new ArgumentException("Lengths do not match.");
        int b = 0, start = 0;
        float sum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref sbyte q0 = ref MemoryMarshal.GetReference(q);
            ref float w0 = ref MemoryMarshal.GetReference(weights);
            Vector256<float> total = Vector256<float>.Zero;
            for (; start + Block <= q.Length; b++, start += Block)
            {
                (Vector256<float> x0, Vector256<float> x1, Vector256<float> x2, Vector256<float> x3) = Widen(ref Unsafe.Add(ref q0, start));
                Vector256<float> block = x0 * Vector256.LoadUnsafe(ref w0, (nuint)start);
                block = Vector256.FusedMultiplyAdd(x1, Vector256.LoadUnsafe(ref w0, (nuint)(start + 8)), block);
                block = Vector256.FusedMultiplyAdd(x2, Vector256.LoadUnsafe(ref w0, (nuint)(start + 16)), block);
                block = Vector256.FusedMultiplyAdd(x3, Vector256.LoadUnsafe(ref w0, (nuint)(start + 24)), block);
                total = Vector256.FusedMultiplyAdd(block, Vector256.Create(scales[b]), total);
            }
            sum = Vector256.Sum(total);
        }
        for (; start < q.Length; b++, start += Block)
        {
            float block = 0;
            int end = Math.Min(start + Block, q.Length);
            for (int j = start; j < end; j++) block += q[j] * weights[j];
            sum += block * scales[b];
        }
        return sum;
    }

    /// <summary>32 int8 values at <paramref name="q"/> as four vectors of 8 floats, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float>, Vector256<float>, Vector256<float>, Vector256<float>) Widen(ref sbyte q)
    {
        Vector256<sbyte> v = Vector256.LoadUnsafe(ref q);
        (Vector256<short> lo, Vector256<short> hi) = Vector256.Widen(v);
        (Vector256<int> a0, Vector256<int> a1) = Vector256.Widen(lo);
        (Vector256<int> a2, Vector256<int> a3) = Vector256.Widen(hi);
        return (Vector256.ConvertToSingle(a0), Vector256.ConvertToSingle(a1), Vector256.ConvertToSingle(a2), Vector256.ConvertToSingle(a3));
    }
}
