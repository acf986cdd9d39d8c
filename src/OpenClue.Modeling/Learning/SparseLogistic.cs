using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// The value a sparse entry takes in the linear model: (1 + ln count), each kind's block L2-normalised per user
/// (like TF normalisation), so long and short histories weigh alike.
/// </summary>
internal static class SparseTransform
{
    public static void Apply(ReadOnlySpan<uint> ids, ReadOnlySpan<byte> counts, Span<float> values)
    {
        Span<float> norms = stackalloc float[SparseFeatures.KindCount];
        norms.Clear();
        for (int i = 0; i < ids.Length; i++)
        {
            float v = 1 + MathF.Log(Math.Max((int)counts[i], 1));
            values[i] = v;
            norms[Math.Min(SparseFeatures.KindOf(ids[i]), SparseFeatures.KindCount - 1)] += v * v;
        }
        for (int k = 0; k < norms.Length; k++) norms[k] = norms[k] > 0 ? 1 / MathF.Sqrt(norms[k]) : 0;
        for (int i = 0; i < ids.Length; i++) values[i] *= norms[Math.Min(SparseFeatures.KindOf(ids[i]), SparseFeatures.KindCount - 1)];
    }
}

/// <summary>
/// The value a sparse entry takes in a version-2 linear model: (1 + ln count) × idf of its column, only columns of the
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

/// <summary>
/// The design matrix of the linear learner over a fixed set of users: sparse columns (ids seen in at least
/// <see cref="MinDocumentFrequency"/> of these users, in ascending id order, valued by <see cref="IdfTransform"/>) then,
/// optionally, the standardised dense columns scaled by <see cref="DenseBlockWeight"/>/√dim (so the dense block weighs
/// like one sparse block, whose rows have norm 1). The sparse part is stored column-major (what the fits use, 8 bytes per
/// non-zero, rows ascending within a column); a row-major copy only when asked (out-of-fold decisions of the CV sample).
/// </summary>
internal sealed class LinearDesign
{
    public const int MinDocumentFrequency = 2;
    public const float DenseBlockWeight = 1f;
    public uint[] ColumnIds = [];
    public float[] Idf = [];
    public int SparseColumns => ColumnIds.Length;
    public int DenseColumns;
    public float[] Mean = [], Scale = [];
    // Compiled rows (indexed by position in Rows); row-major arrays empty unless built with rowMajor.
    public int[] Rows = [];
    public long[] Ptr = [];
    public int[] Cols = [];
    public float[] Vals = [];
    public long[] ColPtr = [];
    public int[] ColRows = [];
    public float[] ColVals = [];
    public float[] DenseStd = []; // Rows.Length × DenseColumns, standardised and scaled
    public byte[] Labels = [];
    public long NonZeros => ColRows.LongLength;

    public static LinearDesign Build(TaskData data, int[] rows, bool includeDense, bool rowMajor)
    {
        var d = new LinearDesign { Rows = rows, DenseColumns = includeDense ? data.Dimension : 0 };
        // Document frequencies, then the columns (df ≥ 2, ascending id); the same table then maps id → column (or -1).
        var table = new IdTable(1 << 16);
        foreach (int r in rows)
            foreach (uint id in data.IdsOf(r)) table.Add(id, 1);
        var ids = new List<uint>();
        table.ForEach((id, df) => { if (df >= MinDocumentFrequency) ids.Add(id); });
        ids.Sort();
        d.ColumnIds = ids.ToArray();
        int sparse = ids.Count;
        d.Idf = new float[sparse];
        // A column's non-zeros are its document frequency (ids are unique within a row).
        var colPtr = new long[sparse + 1];
        for (int i = 0; i < sparse; i++)
        {
            int df = table.Get(ids[i], 0);
            d.Idf[i] = (float)(Math.Log((1.0 + rows.Length) / (1.0 + df)) + 1);
            colPtr[i + 1] = colPtr[i] + df;
        }
        // Column index by id: ids is sorted, so a binary search replaces each kept id's count by its index.
        uint[] columnIds = d.ColumnIds;
        table.Update((id, _) => { int col = Array.BinarySearch(columnIds, id); return col >= 0 ? col : -1; });

        // Dense standardisation over these rows.
        int dim = d.DenseColumns;
        var sum = new double[dim];
        var sq = new double[dim];
        var x0 = new float[data.Dimension];
        if (dim > 0) foreach (int r in rows) { data.DenseRow(r, x0); for (int j = 0; j < dim; j++) sum[j] += x0[j]; }
        d.Mean = new float[dim];
        d.Scale = new float[dim];
        for (int j = 0; j < dim; j++) d.Mean[j] = (float)(sum[j] / Math.Max(1, rows.Length));
        if (dim > 0) foreach (int r in rows) { data.DenseRow(r, x0); for (int j = 0; j < dim; j++) { double t = x0[j] - d.Mean[j]; sq[j] += t * t; } }
        double blockScale = Math.Sqrt(Math.Max(1, dim)) / DenseBlockWeight;
        for (int j = 0; j < dim; j++) { double s = Math.Sqrt(sq[j] / Math.Max(1, rows.Length)); d.Scale[j] = (float)((s > 1e-6 ? s : 1) * blockScale); }

        // Rows in a fixed number of contiguous chunks, in parallel: first each chunk's non-zeros per column (and per row),
        // so every chunk knows where its entries go, then the values. Rows stay ascending within each column and every
        // entry has one writer: the result does not depend on scheduling.
        const int RowChunks = 4;
        var chunkStart = new long[RowChunks][];
        var ptr = rowMajor ? new long[rows.Length + 1] : [];
        Parallel.For(0, RowChunks, k =>
        {
            var counts = new long[sparse];
            int from = (int)((long)rows.Length * k / RowChunks), to = (int)((long)rows.Length * (k + 1) / RowChunks);
            for (int i = from; i < to; i++)
            {
                int known = 0;
                foreach (uint id in data.IdsOf(rows[i]))
                {
                    int col = table.Get(id, -1);
                    if (col < 0) continue;
                    counts[col]++;
                    known++;
                }
                if (rowMajor) ptr[i + 1] = known;
            }
            chunkStart[k] = counts;
        });
        for (int j = 0; j < sparse; j++)
        {
            long at = colPtr[j];
            for (int k = 0; k < RowChunks; k++) { long c = chunkStart[k][j]; chunkStart[k][j] = at; at += c; }
        }
        if (rowMajor) for (int i = 0; i < rows.Length; i++) ptr[i + 1] += ptr[i];
        long nonZeros = colPtr[sparse];
        d.ColRows = new int[nonZeros];
        d.ColVals = new float[nonZeros];
        if (rowMajor)
        {
            d.Ptr = ptr;
            d.Cols = new int[nonZeros];
            d.Vals = new float[nonZeros];
        }
        d.DenseStd = new float[(long)rows.Length * dim];
        d.Labels = new byte[rows.Length];
        Parallel.For(0, RowChunks, k =>
        {
            long[] next = chunkStart[k];
            int from = (int)((long)rows.Length * k / RowChunks), to = (int)((long)rows.Length * (k + 1) / RowChunks);
            float[] buffer = new float[256], idf = new float[256];
            int[] colOf = new int[256];
            for (int i = from; i < to; i++)
            {
                int r = rows[i];
                ReadOnlySpan<uint> rid = data.IdsOf(r);
                if (buffer.Length < rid.Length) { buffer = new float[rid.Length * 2]; idf = new float[rid.Length * 2]; colOf = new int[rid.Length * 2]; }
                for (int e = 0; e < rid.Length; e++)
                {
                    int col = table.Get(rid[e], -1);
                    colOf[e] = col;
                    idf[e] = col >= 0 ? d.Idf[col] : 0;
                }
                IdfTransform.Apply(rid, data.CountsOf(r), idf.AsSpan(0, rid.Length), buffer);
                long rowAt = rowMajor ? ptr[i] : 0;
                for (int e = 0; e < rid.Length; e++)
                {
                    int col = colOf[e];
                    if (col < 0) continue;
                    long at = next[col]++;
                    d.ColRows[at] = i;
                    d.ColVals[at] = buffer[e];
                    if (!rowMajor) continue;
                    d.Cols[rowAt] = col;
                    d.Vals[rowAt++] = buffer[e];
                }
                if (dim > 0)
                {
                    Span<float> target = d.DenseStd.AsSpan(i * dim, dim);
                    data.DenseRow(r, target);
                    for (int j = 0; j < dim; j++) target[j] = (target[j] - d.Mean[j]) / d.Scale[j];
                }
                d.Labels[i] = data.Labels[r];
            }
        });
        d.ColPtr = colPtr;
        return d;
    }

    public int ParameterCount => SparseColumns + DenseColumns + 1;

    /// <summary>
    /// Per-parameter L2 penalty factors for a fit on <paramref name="rows"/> (positions): a sparse column's factor is
    /// 1/(<see cref="EvidenceFloor"/> + |r|)² with r its naive-Bayes log-count ratio over presence in these rows (add-one
    /// smoothing, as in NBSVM), so columns whose presence separates the classes are cheap to use and the many
    /// uninformative ones expensive; dense columns 1. Computed from the fit's own training rows only (no leak into CV).
    /// </summary>
    public double[] EvidencePenalty(int[] rows)
    {
        var inFit = new bool[Labels.Length];
        double np = 0, nn = 0;
        foreach (int i in rows)
        {
            inFit[i] = true;
            if (Labels[i] == 1) np++; else nn++;
        }
        var penalty = new double[ParameterCount - 1];
        Parallel.For(0, 16, k =>
        {
            for (int j = (int)((long)SparseColumns * k / 16), to = (int)((long)SparseColumns * (k + 1) / 16); j < to; j++)
            {
                int pos = 0, neg = 0;
                for (long e = ColPtr[j]; e < ColPtr[j + 1]; e++)
                {
                    int i = ColRows[e];
                    if (!inFit[i]) continue;
                    if (Labels[i] == 1) pos++; else neg++;
                }
                double r = Math.Log((pos + 1) / (np + 2)) - Math.Log((neg + 1) / (nn + 2));
                double s = EvidenceFloor + Math.Abs(r);
                penalty[j] = 1 / (s * s);
            }
        });
        for (int j = SparseColumns; j < penalty.Length; j++) penalty[j] = 1;
        return penalty;
    }

    public const double EvidenceFloor = 0.5;

    public double Decision(int i, ReadOnlySpan<double> p)
    {
        double z = p[^1] + GatherDot(Cols, Vals, Ptr[i], Ptr[i + 1], p);
        if (DenseColumns == 0) return z;
        ReadOnlySpan<float> x = DenseStd.AsSpan(i * DenseColumns, DenseColumns);
        ReadOnlySpan<double> wd = p.Slice(SparseColumns, DenseColumns);
        for (int j = 0; j < x.Length; j++) z += x[j] * wd[j];
        return z;
    }

    /// <summary>
    /// Σ vals[e]·x[index[e]] over entries [from, to): a row's decision (index = columns, x = parameters) or a column's
    /// gradient (index = rows, x = residuals). The hot loop of every fit: no bounds checks, 4 accumulators.
    /// </summary>
    internal static double GatherDot(int[] index, float[] vals, long from, long to, ReadOnlySpan<double> x)
    {
        ref int c = ref MemoryMarshal.GetArrayDataReference(index);
        ref float v = ref MemoryMarshal.GetArrayDataReference(vals);
        ref double w = ref MemoryMarshal.GetReference(x);
        double z0 = 0, z1 = 0, z2 = 0, z3 = 0;
        nint e = (nint)from, end = (nint)to;
        for (; e + 4 <= end; e += 4)
        {
            z0 += Unsafe.Add(ref v, e) * Unsafe.Add(ref w, Unsafe.Add(ref c, e));
            z1 += Unsafe.Add(ref v, e + 1) * Unsafe.Add(ref w, Unsafe.Add(ref c, e + 1));
            z2 += Unsafe.Add(ref v, e + 2) * Unsafe.Add(ref w, Unsafe.Add(ref c, e + 2));
            z3 += Unsafe.Add(ref v, e + 3) * Unsafe.Add(ref w, Unsafe.Add(ref c, e + 3));
        }
        for (; e < end; e++) z0 += Unsafe.Add(ref v, e) * Unsafe.Add(ref w, Unsafe.Add(ref c, e));
        return (z0 + z1) + (z2 + z3);
    }
}

/// <summary>
/// Class-balanced L2 logistic regression over a <see cref="LinearDesign"/> (sklearn's C convention:
/// C·Σ s_y·loss + ½Σ λ_j w_j², divided by n; λ_j = 1 unless penalty factors are given), minimised by L-BFGS. Each
/// evaluation works on the column-major sparse part only: decisions scattered per column into a fixed number of partial
/// sums (column chunks balanced by non-zeros; double precision — float32 decisions stall L-BFGS at weak regularisation
/// and pick worse C), added in order; residuals, loss and the dense/bias gradient in fixed row
/// chunks; the sparse gradient gathered column by column. Results do not depend on thread scheduling or core count.
/// </summary>
internal sealed class SparseLogisticObjective
{
    private const int Chunks = 8, ColumnChunks = 4;
    private readonly LinearDesign _d;
    private readonly int[] _rows; // positions into the design
    private readonly double _c;
    private readonly double[] _classWeight = new double[2];
    private readonly double[][] _partialDense;
    private readonly double[] _partialLoss = new double[Chunks];
    private readonly double[] _residual; // per design position; 0 for rows outside this fit
    private readonly double[][] _partialDecision; // per column chunk, per design position
    private readonly int[] _columnChunkStart;
    private readonly double[]? _penalty;
    // Per sparse column, the column-major entries of the excluded positions (a CV fold's held-out range): skipped.
    private readonly long[]? _skipStart, _skipEnd;

    /// <param name="excluded">Design positions [From, To) not in <paramref name="rows"/> (a held-out fold, contiguous):
    /// their entries are skipped instead of multiplied by a zero residual.</param>
    public SparseLogisticObjective(LinearDesign design, int[] rows, double c, double[]? penalty = null, (int From, int To)? excluded = null)
    {
        _penalty = penalty;
        _d = design;
        _rows = rows;
        _c = c;
        int positives = 0;
        foreach (int r in rows) positives += design.Labels[r];
        int negatives = rows.Length - positives;
        _classWeight[1] = positives > 0 ? rows.Length / (2.0 * positives) : 0;
        _classWeight[0] = negatives > 0 ? rows.Length / (2.0 * negatives) : 0;
        _partialDense = new double[Chunks][];
        for (int k = 0; k < Chunks; k++) _partialDense[k] = new double[design.DenseColumns + 1];
        int n = design.Labels.Length, sparse = design.SparseColumns;
        _residual = new double[n];
        _partialDecision = new double[ColumnChunks][];
        for (int k = 0; k < ColumnChunks; k++) _partialDecision[k] = new double[n];
        // Column chunks of about equal non-zeros.
        _columnChunkStart = new int[ColumnChunks + 1];
        long[] colPtr = design.ColPtr;
        for (int k = 1, j = 0; k < ColumnChunks; k++)
        {
            long target = design.NonZeros * k / ColumnChunks;
            while (j < sparse && colPtr[j] < target) j++;
            _columnChunkStart[k] = j;
        }
        _columnChunkStart[ColumnChunks] = sparse;
        if (excluded is { } range && range.To > range.From)
        {
            _skipStart = new long[sparse];
            _skipEnd = new long[sparse];
            int[] colRows = design.ColRows;
            Parallel.For(0, 16, k =>
            {
                for (int j = (int)((long)sparse * k / 16), to = (int)((long)sparse * (k + 1) / 16); j < to; j++)
                {
                    _skipStart[j] = LowerBound(colRows, colPtr[j], colPtr[j + 1], range.From);
                    _skipEnd[j] = LowerBound(colRows, _skipStart[j], colPtr[j + 1], range.To);
                }
            });
        }
    }

    /// <summary>First entry in [from, to) whose row is ≥ <paramref name="row"/> (rows ascend within a column).</summary>
    private static long LowerBound(int[] rows, long from, long to, int row)
    {
        while (from < to)
        {
            long mid = (from + to) >>> 1;
            if (rows[mid] < row) from = mid + 1; else to = mid;
        }
        return from;
    }

    public double Evaluate(double[] p, double[] gradient)
    {
        int sparse = _d.SparseColumns;
        Parallel.For(0, ColumnChunks, k => ScatterDecisions(k, p));
        Parallel.For(0, Chunks, k => EvaluateChunk(k, p));
        Parallel.For(0, 16, k =>
        {
            int from = (int)((long)sparse * k / 16), to = (int)((long)sparse * (k + 1) / 16);
            long[] colPtr = _d.ColPtr;
            int[] colRows = _d.ColRows;
            float[] colVals = _d.ColVals;
            double[] residual = _residual;
            if (_skipStart is null)
                for (int j = from; j < to; j++) gradient[j] = LinearDesign.GatherDot(colRows, colVals, colPtr[j], colPtr[j + 1], residual);
            else
                for (int j = from; j < to; j++)
                    gradient[j] = LinearDesign.GatherDot(colRows, colVals, colPtr[j], _skipStart[j], residual)
                        + LinearDesign.GatherDot(colRows, colVals, _skipEnd![j], colPtr[j + 1], residual);
        });
        double loss = 0;
        for (int j = sparse; j < gradient.Length; j++) gradient[j] = 0;
        for (int k = 0; k < Chunks; k++)
        {
            double[] part = _partialDense[k];
            for (int j = 0; j < part.Length; j++) gradient[sparse + j] += part[j];
            loss += _partialLoss[k];
        }
        double n = _rows.Length, penalty = 0;
        int w = p.Length - 1; // intercept not penalised
        for (int j = 0; j < w; j++)
        {
            double factor = _penalty is null ? 1 : _penalty[j];
            gradient[j] = gradient[j] / n + factor * p[j] / (_c * n);
            penalty += factor * p[j] * p[j];
        }
        gradient[w] /= n;
        return loss / n + penalty / (2 * _c * n);
    }

    /// <summary>Column chunk k's share of every row's sparse decision, into its own partial array.</summary>
    private void ScatterDecisions(int k, double[] p)
    {
        double[] z = _partialDecision[k];
        Array.Clear(z);
        long[] colPtr = _d.ColPtr;
        ref int rows = ref MemoryMarshal.GetArrayDataReference(_d.ColRows);
        ref float vals = ref MemoryMarshal.GetArrayDataReference(_d.ColVals);
        ref double target = ref MemoryMarshal.GetArrayDataReference(z);
        for (int j = _columnChunkStart[k]; j < _columnChunkStart[k + 1]; j++)
        {
            double w = p[j];
            if (w == 0) continue;
            long from = colPtr[j], to = colPtr[j + 1];
            long skipFrom = _skipStart?[j] ?? to, skipTo = _skipEnd?[j] ?? to;
            for (nint e = (nint)from; e < (nint)skipFrom; e++) Unsafe.Add(ref target, Unsafe.Add(ref rows, e)) += Unsafe.Add(ref vals, e) * w;
            for (nint e = (nint)skipTo; e < (nint)to; e++) Unsafe.Add(ref target, Unsafe.Add(ref rows, e)) += Unsafe.Add(ref vals, e) * w;
        }
    }

    private void EvaluateChunk(int k, double[] p)
    {
        double[] g = _partialDense[k];
        Array.Clear(g);
        double loss = 0;
        int start = (int)((long)_rows.Length * k / Chunks), end = (int)((long)_rows.Length * (k + 1) / Chunks);
        int dense = _d.DenseColumns;
        ReadOnlySpan<double> denseWeights = p.AsSpan(_d.SparseColumns, dense);
        double bias = p[^1];
        for (int q = start; q < end; q++)
        {
            int i = _rows[q];
            double z = bias;
            for (int c = 0; c < ColumnChunks; c++) z += _partialDecision[c][i];
            if (dense > 0)
            {
                ReadOnlySpan<float> x = _d.DenseStd.AsSpan(i * dense, dense);
                for (int j = 0; j < dense; j++) z += x[j] * denseWeights[j];
            }
            int y = _d.Labels[i];
            double weight = _classWeight[y];
            double margin = y == 1 ? -z : z;
            loss += weight * (Math.Max(margin, 0) + Math.Log(1 + Math.Exp(-Math.Abs(margin))));
            double prob = z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
            double residual = weight * (prob - y);
            _residual[i] = residual;
            if (dense > 0)
            {
                ReadOnlySpan<float> x = _d.DenseStd.AsSpan(i * dense, dense);
                for (int j = 0; j < dense; j++) g[j] += residual * x[j];
            }
            g[^1] += residual;
        }
        _partialLoss[k] = loss;
    }
}
