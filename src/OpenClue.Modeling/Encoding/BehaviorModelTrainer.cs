using OpenClue.Modeling.Data;

namespace OpenClue.Modeling.Encoding;

/// <summary>A pretrained behaviour model: the artifact bytes (<see cref="BehaviorEncoders.Load"/> reads them) and its sizes.</summary>
public sealed record BehaviorModelArtifact(byte[] Bytes, int Dimension, int VocabularySize);

/// <summary>
/// Self-supervised pretraining of a behaviour model on a tenant's corpus (see MODELING.md): behaviours and tokens are
/// embedded by factorising their positive pointwise mutual information with the behaviours around them (a window of
/// ±<see cref="Window"/> behaviours in each user's sequence; a token also co-occurs with its own behaviour) with a
/// seeded randomized SVD. Two streaming passes over the corpus, bounded by <see cref="MaxPositions"/> behaviours.
/// </summary>
public static class BehaviorModelTrainer
{
    public const int EmbeddingDimension = 64;
    public const int Window = 3;
    public const int MaxBehaviorVocabulary = 60_000, MaxTokenVocabulary = 40_000, MinCount = 2;
    /// <summary>Pretraining reads at most this many behaviours (whole users, in corpus order).</summary>
    public const long MaxPositions = 4_000_000;

    public static BehaviorModelArtifact Train(string modelName, Func<IEnumerable<UserSequence>> corpus, int seed, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(modelName);
        ArgumentNullException.ThrowIfNull(corpus);
        LearnedBehaviorEncoder encoder = TrainEncoder(modelName, corpus, seed, EmbeddingDimension, ct);
        return new BehaviorModelArtifact(encoder.Serialize(), encoder.Dimension, encoder.VocabularySize);
    }

    internal static LearnedBehaviorEncoder TrainEncoder(string modelName, Func<IEnumerable<UserSequence>> corpus, int seed, int k,
        CancellationToken ct)
    {
        var parser = new BehaviorParser();
        var user = new ParsedUser();

        // Pass 1: frequencies.
        var behaviorCounts = new Dictionary<uint, int>();
        var tokenCounts = new Dictionary<uint, int>();
        long positions = 0;
        foreach (UserSequence u in corpus())
        {
            if (positions >= MaxPositions) break;
            ct.ThrowIfCancellationRequested();
            parser.Parse(u, user);
            positions += user.Count;
            for (int b = 0; b < user.Count; b++)
            {
                if (user.HasWhole[b]) Increment(behaviorCounts, user.WholeHash[b]);
                foreach (uint t in user.TokensOf(b)) Increment(tokenCounts, t);
            }
        }
        uint[] behaviors = TopKeys(behaviorCounts, MaxBehaviorVocabulary);
        uint[] tokens = TopKeys(tokenCounts, MaxTokenVocabulary);
        int nb = behaviors.Length, nt = tokens.Length, rows = nb + nt;
        if (nb < 2) throw new DatasetException(FailMessages.NumOfLabelInsufficient, null, 0,
            "the corpus has too few repeated behaviours to learn a model");
        var behaviorIndex = new Dictionary<uint, int>(nb);
        for (int i = 0; i < nb; i++) behaviorIndex[behaviors[i]] = i;
        var tokenIndex = new Dictionary<uint, int>(nt);
        for (int i = 0; i < nt; i++) tokenIndex[tokens[i]] = nb + i;

        // Pass 2: co-occurrence counts, rows = behaviours ∪ tokens, columns = behaviours.
        var pairs = new Dictionary<ulong, float>(MixedKeyComparer.Instance); // ulong's own hash (low ^ high) collides on (row, col)
        var behaviorTokens = new int[nb][];
        var rowOf = new List<int>();
        var tokenRows = new List<int>();
        var tokenRowStart = new List<int>();
        positions = 0;
        foreach (UserSequence u in corpus())
        {
            if (positions >= MaxPositions) break;
            ct.ThrowIfCancellationRequested();
            parser.Parse(u, user);
            positions += user.Count;
            rowOf.Clear(); tokenRows.Clear(); tokenRowStart.Clear();
            for (int b = 0; b < user.Count; b++)
            {
                int bi = user.HasWhole[b] && behaviorIndex.TryGetValue(user.WholeHash[b], out int x) ? x : -1;
                rowOf.Add(bi);
                tokenRowStart.Add(tokenRows.Count);
                foreach (uint t in user.TokensOf(b)) if (tokenIndex.TryGetValue(t, out int ti)) tokenRows.Add(ti);
                if (bi >= 0 && behaviorTokens[bi] is null)
                    behaviorTokens[bi] = tokenRows.GetRange(tokenRowStart[b], tokenRows.Count - tokenRowStart[b]).ToArray();
            }
            tokenRowStart.Add(tokenRows.Count);
            for (int i = 0; i < user.Count; i++)
            {
                for (int j = Math.Max(0, i - Window); j <= Math.Min(user.Count - 1, i + Window); j++)
                {
                    int col = rowOf[j];
                    if (col < 0) continue;
                    float w = 1f / (1 + Math.Abs(i - j));
                    if (j != i && rowOf[i] >= 0) Add(pairs, rowOf[i], col, w);
                    for (int t = tokenRowStart[i]; t < tokenRowStart[i + 1]; t++) Add(pairs, tokenRows[t], col, w);
                }
            }
        }

        // PPMI with context-distribution smoothing (0.75), as a CSR matrix sorted by (row, column).
        var keys = new ulong[pairs.Count];
        var values = new float[pairs.Count];
        pairs.Keys.CopyTo(keys, 0);
        pairs.Values.CopyTo(values, 0);
        pairs = null!;
        Array.Sort(keys, values);
        var rowSum = new double[rows];
        var colSum = new double[nb];
        double total = 0;
        for (int e = 0; e < keys.Length; e++)
        {
            rowSum[(int)(keys[e] >> 32)] += values[e];
            colSum[(int)(uint)keys[e]] += values[e];
            total += values[e];
        }
        double z = 0;
        var colSmooth = new double[nb];
        for (int j = 0; j < nb; j++) z += colSmooth[j] = Math.Pow(colSum[j], 0.75);
        var rowPtr = new int[rows + 1];
        var colIdx = new List<int>(keys.Length);
        var val = new List<float>(keys.Length);
        int cursor = 0;
        for (int r = 0; r < rows; r++)
        {
            while (cursor < keys.Length && (int)(keys[cursor] >> 32) == r)
            {
                int c = (int)(uint)keys[cursor];
                double pmi = Math.Log(values[cursor] * z / (rowSum[r] * colSmooth[c]));
                if (pmi > 0)
                {
                    colIdx.Add(c);
                    val.Add((float)pmi);
                }
                cursor++;
            }
            rowPtr[r + 1] = colIdx.Count;
        }
        var matrix = new Csr(rows, nb, rowPtr, colIdx.ToArray(), val.ToArray());
        ct.ThrowIfCancellationRequested();
        double[] embedding = RandomizedSvd.LeftEmbedding(matrix, Math.Min(k, Math.Min(rows, nb)), seed, ct); // rows × k'
        int kk = embedding.Length / rows;

        // Unit rows; token weights (idf-like); behaviour vectors blended with their token composition.
        var unit = new float[(long)rows * k];
        for (int r = 0; r < rows; r++)
        {
            double norm = 0;
            for (int c = 0; c < kk; c++) norm += embedding[(long)r * kk + c] * embedding[(long)r * kk + c];
            norm = Math.Sqrt(norm);
            if (norm > 0) for (int c = 0; c < kk; c++) unit[(long)r * k + c] = (float)(embedding[(long)r * kk + c] / norm);
        }
        double totalPositions = Math.Max(1, behaviorCounts.Values.Sum(v => (long)v));
        var tokenWeights = new float[nt];
        for (int i = 0; i < nt; i++) tokenWeights[i] = (float)Math.Max(0.1, Math.Log(totalPositions / tokenCounts[tokens[i]]));
        var behaviorVectors = new float[(long)nb * k];
        var behaviorWeights = new float[nb];
        var mix = new float[k];
        for (int i = 0; i < nb; i++)
        {
            Array.Clear(mix);
            if (behaviorTokens[i] is { } trows)
                foreach (int tr in trows)
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(unit.AsSpan(tr * k, k), tokenWeights[tr - nb], mix, mix);
            float mixNorm = System.Numerics.Tensors.TensorPrimitives.Norm(mix);
            Span<float> target = behaviorVectors.AsSpan(i * k, k);
            unit.AsSpan(i * k, k).CopyTo(target);
            if (mixNorm > 0) System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(mix, 1 / mixNorm, target, target);
            float norm = System.Numerics.Tensors.TensorPrimitives.Norm(target);
            if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Multiply(target, 1 / norm, target);
            double p = behaviorCounts[behaviors[i]] / totalPositions;
            behaviorWeights[i] = (float)(1e-3 / (1e-3 + p));
        }
        var tokenVectors = unit.AsSpan(nb * k, nt * k).ToArray();
        return new LearnedBehaviorEncoder(modelName, k, behaviors, behaviorVectors, behaviorWeights, tokens, tokenVectors, tokenWeights);
    }

    private static void Increment(Dictionary<uint, int> counts, uint key)
    {
        ref int c = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _);
        c++;
    }

    private static void Add(Dictionary<ulong, float> pairs, int row, int col, float w)
    {
        ref float c = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(pairs, ((ulong)(uint)row << 32) | (uint)col, out _);
        c += w;
    }

    /// <summary>Keys with count ≥ <see cref="MinCount"/>, most frequent first (ties: smaller key), at most <paramref name="max"/>.</summary>
    private static uint[] TopKeys(Dictionary<uint, int> counts, int max)
    {
        var list = new List<KeyValuePair<uint, int>>();
        foreach (var kv in counts) if (kv.Value >= MinCount) list.Add(kv);
        list.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : a.Key.CompareTo(b.Key));
        int n = Math.Min(max, list.Count);
        var keys = new uint[n];
        for (int i = 0; i < n; i++) keys[i] = list[i].Key;
        return keys;
    }
}

internal sealed class MixedKeyComparer : IEqualityComparer<ulong>
{
    public static readonly MixedKeyComparer Instance = new();
    public bool Equals(ulong a, ulong b) => a == b;
    public int GetHashCode(ulong x)
    {
        x ^= x >> 33; x *= 0xff51afd7ed558ccdUL; x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53UL; x ^= x >> 33;
        return (int)x;
    }
}

internal sealed record Csr(int Rows, int Cols, int[] RowPtr, int[] ColIdx, float[] Values);

/// <summary>Seeded randomized SVD (Halko et al.) of a sparse matrix, in double precision, deterministic.</summary>
internal static class RandomizedSvd
{
    /// <summary>Rows' embedding U_k·sqrt(Σ_k) (row-major rows × k).</summary>
    public static double[] LeftEmbedding(Csr m, int k, int seed, CancellationToken ct, int oversample = 16, int powerIterations = 3)
    {
        int l = Math.Min(k + oversample, Math.Min(m.Rows, m.Cols));
        var random = new Random(seed);
        var omega = new double[(long)m.Cols * l];
        for (long i = 0; i < omega.Length; i++) omega[i] = Gaussian(random);
        double[] y = MultiplyRight(m, omega, l);          // rows × l
        Orthonormalize(y, m.Rows, l);
        for (int q = 0; q < powerIterations; q++)
        {
            ct.ThrowIfCancellationRequested();
            double[] zt = MultiplyTransposeRight(m, y, l); // cols × l
            Orthonormalize(zt, m.Cols, l);
            y = MultiplyRight(m, zt, l);
            Orthonormalize(y, m.Rows, l);
        }
        // B = Qᵀ M (l × cols) as Bᵀ = Mᵀ Q; G = B Bᵀ (l × l).
        double[] bt = MultiplyTransposeRight(m, y, l);
        var g = new double[l * l];
        for (int r = 0; r < m.Cols; r++)
        {
            int o = r * l;
            for (int a = 0; a < l; a++)
            {
                double va = bt[o + a];
                if (va == 0) continue;
                for (int b = a; b < l; b++) g[a * l + b] += va * bt[o + b];
            }
        }
        for (int a = 0; a < l; a++) for (int b = 0; b < a; b++) g[a * l + b] = g[b * l + a];
        (double[] eigenvalues, double[] vectors) = Jacobi.Eigen(g, l); // descending
        var result = new double[(long)m.Rows * k];
        var scale = new double[k];
        for (int c = 0; c < k; c++) scale[c] = Math.Pow(Math.Max(eigenvalues[c], 0), 0.25); // sqrt(σ) = (σ²)^¼
        for (int r = 0; r < m.Rows; r++)
        {
            long o = (long)r * l;
            for (int c = 0; c < k; c++)
            {
                double sum = 0;
                for (int a = 0; a < l; a++) sum += y[o + a] * vectors[a * l + c];
                result[(long)r * k + c] = sum * scale[c];
            }
        }
        return result;
    }

    private static double Gaussian(Random r)
    {
        double u1 = 1.0 - r.NextDouble(), u2 = r.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>M · X where X is cols × l (row-major); result rows × l. Rows in parallel (each row written by one thread).</summary>
    private static double[] MultiplyRight(Csr m, double[] x, int l)
    {
        var result = new double[(long)m.Rows * l];
        Parallel.For(0, m.Rows, r =>
        {
            Span<double> target = result.AsSpan((int)((long)r * l), l);
            for (int e = m.RowPtr[r]; e < m.RowPtr[r + 1]; e++)
            {
                double v = m.Values[e];
                ReadOnlySpan<double> source = x.AsSpan(m.ColIdx[e] * l, l);
                for (int c = 0; c < l; c++) target[c] += v * source[c];
            }
        });
        return result;
    }

    /// <summary>Mᵀ · Y where Y is rows × l; result cols × l (sequential: a scatter, kept in a fixed order).</summary>
    private static double[] MultiplyTransposeRight(Csr m, double[] y, int l)
    {
        var result = new double[(long)m.Cols * l];
        for (int r = 0; r < m.Rows; r++)
        {
            ReadOnlySpan<double> source = y.AsSpan((int)((long)r * l), l);
            for (int e = m.RowPtr[r]; e < m.RowPtr[r + 1]; e++)
            {
                double v = m.Values[e];
                Span<double> target = result.AsSpan(m.ColIdx[e] * l, l);
                for (int c = 0; c < l; c++) target[c] += v * source[c];
            }
        }
        return result;
    }

    /// <summary>Orthonormalises the columns of an n × l row-major matrix (modified Gram–Schmidt, twice for stability).</summary>
    private static void Orthonormalize(double[] a, int n, int l)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            for (int c = 0; c < l; c++)
            {
                for (int p = 0; p < c; p++)
                {
                    double dot = 0;
                    for (int r = 0; r < n; r++) dot += a[(long)r * l + c] * a[(long)r * l + p];
                    for (int r = 0; r < n; r++) a[(long)r * l + c] -= dot * a[(long)r * l + p];
                }
                double norm = 0;
                for (int r = 0; r < n; r++) norm += a[(long)r * l + c] * a[(long)r * l + c];
                norm = Math.Sqrt(norm);
                double inv = norm > 1e-300 ? 1 / norm : 0;
                for (int r = 0; r < n; r++) a[(long)r * l + c] *= inv;
            }
        }
    }
}

/// <summary>Cyclic Jacobi eigen-decomposition of a small symmetric matrix.</summary>
internal static class Jacobi
{
    /// <summary>Eigenvalues descending and eigenvectors as columns of an n × n row-major matrix.</summary>
    public static (double[] Values, double[] Vectors) Eigen(double[] matrix, int n)
    {
        var a = (double[])matrix.Clone();
        var v = new double[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int p = 0; p < n; p++) for (int q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
            if (off < 1e-22) break;
            for (int p = 0; p < n; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double apq = a[p * n + q];
                    if (Math.Abs(apq) < 1e-300) continue;
                    double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = a[k * n + p], akq = a[k * n + q];
                        a[k * n + p] = c * akp - s * akq;
                        a[k * n + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double apk = a[p * n + k], aqk = a[q * n + k];
                        a[p * n + k] = c * apk - s * aqk;
                        a[q * n + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++)
                    {
                        double vkp = v[k * n + p], vkq = v[k * n + q];
                        v[k * n + p] = c * vkp - s * vkq;
                        v[k * n + q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        var order = Enumerable.Range(0, n).OrderByDescending(i => a[i * n + i]).ThenBy(i => i).ToArray();
        var values = new double[n];
        var vectors = new double[n * n];
        for (int c = 0; c < n; c++)
        {
            values[c] = a[order[c] * n + order[c]];
            for (int r = 0; r < n; r++) vectors[r * n + c] = v[r * n + order[c]];
        }
        return (values, vectors);
    }
}
