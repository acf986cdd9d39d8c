using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// Class-balanced L2 logistic regression over a <see cref="LinearDesign"/> (sklearn's C convention:
/// C·Σ s_y·loss + ½Σ λ_j w_j², divided by n; λ_j = 1 unless penalty factors are given), minimised by L-BFGS or, through its Hessian-vector products, by
/// <see cref="NewtonCg"/>. Each
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
    private double _c;
    private readonly double[] _classWeight = new double[2];
    private readonly double[][] _partialDense;
    private readonly double[] _partialLoss = new double[Chunks];
    private readonly double[] _residual; // per design position; 0 for rows outside this fit
    // Per design position: the loss's second derivative at the last evaluated point (class weight · p · (1 − p)), and
    // its product with the direction's decision in a Hessian-vector product; 0 for rows outside this fit.
    private readonly double[] _curvature, _curvedDirection;
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
        _curvature = new double[n];
        _curvedDirection = new double[n];
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
            Parallel.For(0, 16, k =>
            {
                for (int j = (int)((long)sparse * k / 16), to = (int)((long)sparse * (k + 1) / 16); j < to; j++)
                {
                    if (design.HasNarrowRows)
                    {
                        _skipStart[j] = LowerBound(design.NarrowColRows, colPtr[j], colPtr[j + 1], range.From);
                        _skipEnd[j] = LowerBound(design.NarrowColRows, _skipStart[j], colPtr[j + 1], range.To);
                    }
                    else
                    {
                        _skipStart[j] = LowerBound(design.WideColRows, colPtr[j], colPtr[j + 1], range.From);
                        _skipEnd[j] = LowerBound(design.WideColRows, _skipStart[j], colPtr[j + 1], range.To);
                    }
                }
            });
        }
    }

    /// <summary>The C of the next evaluations: a C path moves one objective per fold along its grid (the fold's rows, skip
    /// ranges and penalty factors do not depend on C).</summary>
    public double C
    {
        get => _c;
        set => _c = value;
    }

    /// <summary>First entry in [from, to) whose row is ≥ <paramref name="row"/> (rows ascend within a column).</summary>
    private static long LowerBound<TRow>(TRow[] rows, long from, long to, int row) where TRow : unmanaged, IBinaryInteger<TRow>
    {
        while (from < to)
        {
            long mid = (from + to) >>> 1;
            if (int.CreateTruncating(rows[mid]) < row) from = mid + 1; else to = mid;
        }
        return from;
    }

    public double Evaluate(double[] p, double[] gradient)
    {
        Parallel.For(0, ColumnChunks, k => ScatterDecisions(k, p));
        Parallel.For(0, Chunks, k => EvaluateChunk(k, p));
        Parallel.For(0, 16, k => GatherColumns(k, _residual, gradient));
        double loss = 0;
        AddDensePartials(gradient);
        for (int k = 0; k < Chunks; k++) loss += _partialLoss[k];
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

    /// <summary>
    /// The Hessian of the objective at the point of the last <see cref="Evaluate"/> call times <paramref name="v"/>:
    /// (Xᵀ·diag(curvature)·X·v)/n + λ·v/(C·n), the bias unpenalised. Two passes over the non-zeros, as an evaluation.
    /// </summary>
    public void HessianVector(double[] v, double[] product)
    {
        Parallel.For(0, ColumnChunks, k => ScatterDecisions(k, v));
        Parallel.For(0, Chunks, k => CurveChunk(k, v));
        Parallel.For(0, 16, k => GatherColumns(k, _curvedDirection, product));
        AddDensePartials(product);
        double n = _rows.Length;
        int w = v.Length - 1;
        for (int j = 0; j < w; j++) product[j] = product[j] / n + (_penalty is null ? 1 : _penalty[j]) * v[j] / (_c * n);
        product[w] /= n;
    }

    /// <summary>
    /// The Hessian's diagonal at the point of the last <see cref="Evaluate"/> call (a preconditioner): one pass over the
    /// non-zeros.
    /// </summary>
    public void HessianDiagonal(double[] diagonal)
    {
        int sparse = _d.SparseColumns, dense = _d.DenseColumns;
        Parallel.For(0, 16, k =>
        {
            long[] colPtr = _d.ColPtr;
            for (int j = (int)((long)sparse * k / 16), to = (int)((long)sparse * (k + 1) / 16); j < to; j++)
                diagonal[j] = _skipStart is null
                    ? GatherSquares(colPtr[j], colPtr[j + 1])
                    : GatherSquares(colPtr[j], _skipStart[j]) + GatherSquares(_skipEnd![j], colPtr[j + 1]);
        });
        for (int j = sparse; j < diagonal.Length; j++) diagonal[j] = 0;
        foreach (int i in _rows)
        {
            double h = _curvature[i];
            if (dense > 0)
            {
                ReadOnlySpan<float> x = _d.DenseStd.AsSpan(i * dense, dense);
                for (int j = 0; j < dense; j++) diagonal[sparse + j] += h * x[j] * x[j];
            }
            diagonal[^1] += h;
        }
        double n = _rows.Length;
        int w = diagonal.Length - 1;
        for (int j = 0; j < w; j++) diagonal[j] = diagonal[j] / n + (_penalty is null ? 1 : _penalty[j]) / (_c * n);
        diagonal[w] /= n;
    }

    private double GatherSquares(long from, long to) =>
        _d.HasNarrowRows ? GatherSquares(_d.NarrowColRows, from, to) : GatherSquares(_d.WideColRows, from, to);

    private double GatherSquares<TRow>(TRow[] rows, long from, long to) where TRow : unmanaged, IBinaryInteger<TRow>
    {
        double sum = 0;
        float[] vals = _d.ColVals;
        for (long e = from; e < to; e++) sum += _curvature[int.CreateTruncating(rows[e])] * vals[e] * vals[e];
        return sum;
    }

    /// <summary>Sparse columns of chunk k (of 16): Σ over the fit's entries of value × <paramref name="perRow"/>[row].</summary>
    private void GatherColumns(int k, double[] perRow, double[] target)
    {
        if (_d.HasNarrowRows) GatherColumns(_d.NarrowColRows, k, perRow, target);
        else GatherColumns(_d.WideColRows, k, perRow, target);
    }

    private void GatherColumns<TRow>(TRow[] colRows, int k, double[] perRow, double[] target) where TRow : unmanaged, IBinaryInteger<TRow>
    {
        int sparse = _d.SparseColumns;
        int from = (int)((long)sparse * k / 16), to = (int)((long)sparse * (k + 1) / 16);
        long[] colPtr = _d.ColPtr;
        float[] colVals = _d.ColVals;
        if (_skipStart is null)
            for (int j = from; j < to; j++) target[j] = LinearDesign.GatherDot(colRows, colVals, colPtr[j], colPtr[j + 1], perRow);
        else
            for (int j = from; j < to; j++)
                target[j] = LinearDesign.GatherDot(colRows, colVals, colPtr[j], _skipStart[j], perRow)
                    + LinearDesign.GatherDot(colRows, colVals, _skipEnd![j], colPtr[j + 1], perRow);
    }

    /// <summary>The dense columns' and the bias's entries of <paramref name="target"/>: the row chunks' partials, in order.</summary>
    private void AddDensePartials(double[] target)
    {
        int sparse = _d.SparseColumns;
        for (int j = sparse; j < target.Length; j++) target[j] = 0;
        for (int k = 0; k < Chunks; k++)
        {
            double[] part = _partialDense[k];
            for (int j = 0; j < part.Length; j++) target[sparse + j] += part[j];
        }
    }

    /// <summary>Row chunk k of a Hessian-vector product: each row's decision of <paramref name="v"/> times its curvature.</summary>
    private void CurveChunk(int k, double[] v)
    {
        double[] g = _partialDense[k];
        Array.Clear(g);
        int start = (int)((long)_rows.Length * k / Chunks), end = (int)((long)_rows.Length * (k + 1) / Chunks);
        int dense = _d.DenseColumns;
        ReadOnlySpan<double> denseDirection = v.AsSpan(_d.SparseColumns, dense);
        for (int q = start; q < end; q++)
        {
            int i = _rows[q];
            double z = v[^1];
            for (int c = 0; c < ColumnChunks; c++) z += _partialDecision[c][i];
            if (dense > 0)
            {
                ReadOnlySpan<float> x = _d.DenseStd.AsSpan(i * dense, dense);
                for (int j = 0; j < dense; j++) z += x[j] * denseDirection[j];
            }
            double t = _curvature[i] * z;
            _curvedDirection[i] = t;
            if (dense > 0)
            {
                ReadOnlySpan<float> x = _d.DenseStd.AsSpan(i * dense, dense);
                for (int j = 0; j < dense; j++) g[j] += t * x[j];
            }
            g[^1] += t;
        }
    }

    /// <summary>Column chunk k's share of every row's sparse decision, into its own partial array.</summary>
    private void ScatterDecisions(int k, double[] p)
    {
        if (_d.HasNarrowRows) ScatterDecisions(_d.NarrowColRows, k, p);
        else ScatterDecisions(_d.WideColRows, k, p);
    }

    private void ScatterDecisions<TRow>(TRow[] colRows, int k, double[] p) where TRow : unmanaged, IBinaryInteger<TRow>
    {
        double[] z = _partialDecision[k];
        Array.Clear(z);
        long[] colPtr = _d.ColPtr;
        ref TRow rows = ref MemoryMarshal.GetArrayDataReference(colRows);
        ref float vals = ref MemoryMarshal.GetArrayDataReference(_d.ColVals);
        ref double target = ref MemoryMarshal.GetArrayDataReference(z);
        for (int j = _columnChunkStart[k]; j < _columnChunkStart[k + 1]; j++)
        {
            double w = p[j];
            if (w == 0) continue;
            long from = colPtr[j], to = colPtr[j + 1];
            long skipFrom = _skipStart?[j] ?? to, skipTo = _skipEnd?[j] ?? to;
            for (nint e = (nint)from; e < (nint)skipFrom; e++) Unsafe.Add(ref target, int.CreateTruncating(Unsafe.Add(ref rows, e))) += Unsafe.Add(ref vals, e) * w;
            for (nint e = (nint)skipTo; e < (nint)to; e++) Unsafe.Add(ref target, int.CreateTruncating(Unsafe.Add(ref rows, e))) += Unsafe.Add(ref vals, e) * w;
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
            _curvature[i] = weight * prob * (1 - prob);
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
