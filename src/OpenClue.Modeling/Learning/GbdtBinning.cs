namespace OpenClue.Modeling.Learning;

/// <summary>Histogram bins of a dense matrix: per feature, ascending upper edges; bin(x) = first edge ≥ x, else last bin.</summary>
internal sealed class GbdtBinning
{
    public const int MaxBins = 64;
    public float[][] Edges = [];

    public static GbdtBinning Fit(float[] x, int dim, int[] rows)
    {
        var b = new GbdtBinning { Edges = new float[dim][] };
        int step = Math.Max(1, rows.Length / 50_000);
        int sampled = (rows.Length + step - 1) / step;
        Parallel.For(0, dim, f =>
        {
            var values = new float[sampled];
            for (int i = 0, s = 0; i < rows.Length; i += step, s++) values[s] = x[(long)rows[i] * dim + f];
            Array.Sort(values);
            var edges = new List<float>();
            for (int q = 1; q < MaxBins; q++)
            {
                float v = values[(int)((long)q * (values.Length - 1) / MaxBins)];
                if (edges.Count == 0 || v > edges[^1]) edges.Add(v);
            }
            if (edges.Count > 0 && edges[^1] >= values[^1]) edges.RemoveAt(edges.Count - 1);
            b.Edges[f] = edges.ToArray();
        });
        return b;
    }

    /// <summary>Column-major bin codes (dim × n) for the given rows.</summary>
    public byte[] Apply(float[] x, int dim, int[] rows)
    {
        var codes = new byte[(long)dim * rows.Length];
        Parallel.For(0, dim, f =>
        {
            float[] edges = Edges[f];
            long o = (long)f * rows.Length;
            for (int i = 0; i < rows.Length; i++)
            {
                float v = x[(long)rows[i] * dim + f];
                int lo = 0, hi = edges.Length;
                while (lo < hi) { int mid = (lo + hi) >> 1; if (edges[mid] < v) lo = mid + 1; else hi = mid; }
                codes[o + i] = (byte)lo;
            }
        });
        return codes;
    }
}
