using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// The design matrix of the linear learner over a fixed set of users: sparse columns (ids seen in at least
/// <see cref="MinDocumentFrequency"/> of these users, in ascending id order, valued by <see cref="IdfTransform"/>) then,
/// optionally, the standardised dense columns scaled by <see cref="DenseBlockWeight"/>/√dim (so the dense block weighs
/// like one sparse block, whose rows have norm 1). The sparse part is stored column-major (what the fits use, rows ascending
/// within a column; 6 bytes per non-zero when the rows fit 16 bits — the CV sample, a refit of ≤ 65,536 users — else 8,
/// which the fits' scatter and gather stream once per pass); a row-major copy only when asked (out-of-fold decisions of
/// the CV sample).
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
    /// <summary>Each column-major entry's row (design position): <see cref="NarrowColRows"/> when the design has at most
    /// <see cref="MaxNarrowRows"/> rows, else <see cref="WideColRows"/>; the other one is empty.</summary>
    public ushort[] NarrowColRows = [];
    public int[] WideColRows = [];
    public float[] ColVals = [];
    public float[] DenseStd = []; // Rows.Length × DenseColumns, standardised and scaled
    public byte[] Labels = [];
    public long NonZeros => ColVals.LongLength;
    public bool HasNarrowRows => WideColRows.Length == 0;

    public const int MaxNarrowRows = ushort.MaxValue + 1;

    /// <summary>Entries per column block of the fill (see <see cref="Build"/>): a block's rows, values and local columns,
    /// with their copy (≈ 2 MB), stay in cache while its columns are filled (2^15, 2^17 and 2^19 measured; 2^17 best,
    /// bench/results/perf-findings.md).</summary>
    public const int FillBlockEntries = 1 << 17;

    /// <param name="narrowRows">Store entry rows in 16 bits when they fit (false: always 32; the same design otherwise).</param>
    /// <param name="blockEntries">Entries per column block of the fill (tests use small blocks; the design is the same).</param>
    public static LinearDesign Build(TaskData data, int[] rows, bool includeDense, bool rowMajor, LinearSettings settings, bool narrowRows = true,
        int blockEntries = FillBlockEntries)
    {
        var d = new LinearDesign { Rows = rows, DenseColumns = includeDense ? data.Dimension : 0 };
        // Rows in a fixed number of contiguous chunks, in parallel. Each chunk counts its own document frequencies; summed,
        // they give the columns (df ≥ 2, ascending id), and a column's count in a chunk is that chunk's number of entries
        // in it (ids are unique within a row), so every chunk knows where its entries go without a counting pass. Every
        // entry has one writer and rows stay ascending within each column: the result does not depend on scheduling.
        const int RowChunks = 4;
        var chunkTables = new IdTable[RowChunks];
        Parallel.For(0, RowChunks, k =>
        {
            var counts = new IdTable(1 << 14);
            int from = (int)((long)rows.Length * k / RowChunks), to = (int)((long)rows.Length * (k + 1) / RowChunks);
            for (int i = from; i < to; i++)
                foreach (uint id in data.IdsOf(rows[i])) if (settings.HasKind(id)) counts.Add(id, 1);
            chunkTables[k] = counts;
        });
        // The summed table then maps id → column (or -1).
        var table = new IdTable(chunkTables.Max(t => t.Count));
        foreach (IdTable chunk in chunkTables) chunk.ForEach((id, df) => table.Add(id, df));
        var ids = new List<uint>();
        table.ForEach((id, df) => { if (df >= MinDocumentFrequency) ids.Add(id); });
        ids.Sort();
        d.ColumnIds = ids.ToArray();
        int sparse = ids.Count;
        d.Idf = new float[sparse];
        // A column's non-zeros are its document frequency.
        var colPtr = new long[sparse + 1];
        for (int i = 0; i < sparse; i++)
        {
            int df = table.Get(ids[i], 0);
            d.Idf[i] = (float)(Math.Log((1.0 + rows.Length) / (1.0 + df)) + 1);
            colPtr[i + 1] = colPtr[i] + df;
        }
        // Column index by id: ids is sorted, so a binary search replaces each kept id's count by its index.
        uint[] columnIds = d.ColumnIds;
        table.Update((id, df) => df < MinDocumentFrequency ? -1 : Array.BinarySearch(columnIds, id));
        // Column blocks: runs of consecutive columns of at most blockEntries entries (or one column) and 65,536 columns
        // (32,768 when packed below). Writing each entry straight to its column scatters the writes over the whole design
        // (hundreds of MB); instead each chunk appends its entries, in row order, to its part of their block's range of
        // the design (one write stream per block), with the column's index in the block beside them (in a temporary
        // array, or, for 32-bit rows below 2^17, in the row's high bits); then each block is regrouped by column in cache.
        bool narrow = narrowRows && rows.Length <= MaxNarrowRows;
        bool packed = !narrow && rows.Length <= 1 << PackedRowBits;
        int maxBlockColumns = packed ? 1 << (31 - PackedRowBits) : ushort.MaxValue + 1;
        var blockFirst = new List<int> { 0 };
        for (int j = 1; j < sparse; j++)
        {
            int first = blockFirst[^1];
            if (colPtr[j + 1] - colPtr[first] > blockEntries || j - first >= maxBlockColumns) blockFirst.Add(j);
        }
        blockFirst.Add(sparse);
        int blocks = blockFirst.Count - 1;
        var blockOf = new int[sparse];
        for (int b = 0; b < blocks; b++) blockOf.AsSpan(blockFirst[b], blockFirst[b + 1] - blockFirst[b]).Fill(b);
        // Each chunk's entries per block, then where each chunk's entries of each block start, and (row-major) where
        // each chunk's rows start.
        var chunkCursor = new long[RowChunks][];
        var chunkEntries = new long[RowChunks];
        Parallel.For(0, RowChunks, k =>
        {
            var counts = new long[blocks];
            long known = 0;
            for (int j = 0; j < sparse; j++)
            {
                int c = chunkTables[k].Get(columnIds[j], 0);
                counts[blockOf[j]] += c;
                known += c;
            }
            chunkCursor[k] = counts;
            chunkEntries[k] = known;
        });
        var rowStart = new long[RowChunks];
        for (int k = 1; k < RowChunks; k++) rowStart[k] = rowStart[k - 1] + chunkEntries[k - 1];
        for (int b = 0; b < blocks; b++)
        {
            long at = colPtr[blockFirst[b]];
            for (int k = 0; k < RowChunks; k++) { long c = chunkCursor[k][b]; chunkCursor[k][b] = at; at += c; }
        }

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

        var ptr = rowMajor ? new long[rows.Length + 1] : [];
        long nonZeros = colPtr[sparse];
        if (narrow) d.NarrowColRows = new ushort[nonZeros];
        else d.WideColRows = new int[nonZeros];
        d.ColVals = new float[nonZeros];
        ushort[] local = packed ? [] : new ushort[nonZeros];
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
            long[] next = chunkCursor[k];
            long rowAt = rowStart[k];
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
                for (int e = 0; e < rid.Length; e++)
                {
                    int col = colOf[e];
                    if (col < 0) continue;
                    int b = blockOf[col];
                    long at = next[b]++;
                    if (packed) d.WideColRows[at] = i | (col - blockFirst[b]) << PackedRowBits;
                    else
                    {
                        if (narrow) d.NarrowColRows[at] = (ushort)i;
                        else d.WideColRows[at] = i;
                        local[at] = (ushort)(col - blockFirst[b]);
                    }
                    d.ColVals[at] = buffer[e];
                    if (!rowMajor) continue;
                    d.Cols[rowAt] = col;
                    d.Vals[rowAt++] = buffer[e];
                }
                if (rowMajor) ptr[i + 1] = rowAt;
                if (dim > 0)
                {
                    Span<float> target = d.DenseStd.AsSpan(i * dim, dim);
                    data.DenseRow(r, target);
                    for (int j = 0; j < dim; j++) target[j] = (target[j] - d.Mean[j]) / d.Scale[j];
                }
                d.Labels[i] = data.Labels[r];
            }
        });
        // Each block's entries are in row order (chunks are ascending runs of rows, each appended in order after the
        // previous chunk's): a stable regroup by column gives the column-major layout.
        int[] firsts = blockFirst.ToArray();
        if (narrow) Regroup(d.NarrowColRows, d.ColVals, local, colPtr, firsts);
        else if (packed) RegroupPacked(d.WideColRows, d.ColVals, colPtr, firsts);
        else Regroup(d.WideColRows, d.ColVals, local, colPtr, firsts);
        d.ColPtr = colPtr;
        return d;
    }

    /// <summary>Rows below 2^<see cref="PackedRowBits"/> in a 32-bit design carry their column's index in the block above
    /// them during the fill (no temporary array: 2 bytes per non-zero less at the peak).</summary>
    private const int PackedRowBits = 17;

    /// <summary>The most entries and the most columns of any block: the size of the regroup's per-thread copies.</summary>
    private static (long Entries, int Columns) LargestBlock(long[] colPtr, int[] blockFirst)
    {
        long entries = 0;
        int columns = 0;
        for (int b = 0; b + 1 < blockFirst.Length; b++)
        {
            entries = Math.Max(entries, colPtr[blockFirst[b + 1]] - colPtr[blockFirst[b]]);
            columns = Math.Max(columns, blockFirst[b + 1] - blockFirst[b]);
        }
        return (entries, columns);
    }

    /// <summary><see cref="Regroup"/> for rows packed with their column's index in the block (<see cref="PackedRowBits"/>).</summary>
    private static void RegroupPacked(int[] colRows, float[] colVals, long[] colPtr, int[] blockFirst)
    {
        int blocks = blockFirst.Length - 1;
        var (longest, widest) = LargestBlock(colPtr, blockFirst);
        const int RowMask = (1 << PackedRowBits) - 1;
        Parallel.For(0, blocks, () => (Rows: new int[longest], Vals: new float[longest], Head: new int[widest]), (b, _, scratch) =>
        {
            int first = blockFirst[b], columns = blockFirst[b + 1] - first;
            long start = colPtr[first];
            int length = (int)(colPtr[first + columns] - start);
            new ReadOnlySpan<int>(colRows, (int)start, length).CopyTo(scratch.Rows);
            new ReadOnlySpan<float>(colVals, (int)start, length).CopyTo(scratch.Vals);
            Span<int> head = scratch.Head.AsSpan(0, columns);
            for (int c = 0; c < columns; c++) head[c] = (int)(colPtr[first + c] - start);
            Span<int> rowsOut = colRows.AsSpan((int)start, length);
            Span<float> valsOut = colVals.AsSpan((int)start, length);
            for (int n = 0; n < length; n++)
            {
                int p = scratch.Rows[n];
                int at = head[p >>> PackedRowBits]++;
                rowsOut[at] = p & RowMask;
                valsOut[at] = scratch.Vals[n];
            }
            return scratch;
        }, _ => { });
    }

    /// <summary>Orders each block's entries (given in row order, with their column's index in the block) by column,
    /// stably, in place: blocks in parallel, each through a copy small enough to stay in cache.</summary>
    private static void Regroup<TRow>(TRow[] colRows, float[] colVals, ushort[] local, long[] colPtr, int[] blockFirst) where TRow : unmanaged
    {
        int blocks = blockFirst.Length - 1;
        var (longest, widest) = LargestBlock(colPtr, blockFirst);
        Parallel.For(0, blocks, () => (Rows: new TRow[longest], Vals: new float[longest], Local: new ushort[longest], Head: new int[widest]), (b, _, scratch) =>
        {
            int first = blockFirst[b], columns = blockFirst[b + 1] - first;
            long start = colPtr[first];
            int length = (int)(colPtr[first + columns] - start);
            new ReadOnlySpan<TRow>(colRows, (int)start, length).CopyTo(scratch.Rows);
            new ReadOnlySpan<float>(colVals, (int)start, length).CopyTo(scratch.Vals);
            new ReadOnlySpan<ushort>(local, (int)start, length).CopyTo(scratch.Local);
            Span<int> head = scratch.Head.AsSpan(0, columns);
            for (int c = 0; c < columns; c++) head[c] = (int)(colPtr[first + c] - start);
            Span<TRow> rowsOut = colRows.AsSpan((int)start, length);
            Span<float> valsOut = colVals.AsSpan((int)start, length);
            for (int n = 0; n < length; n++)
            {
                int at = head[scratch.Local[n]]++;
                rowsOut[at] = scratch.Rows[n];
                valsOut[at] = scratch.Vals[n];
            }
            return scratch;
        }, _ => { });
    }

    public int ParameterCount => SparseColumns + DenseColumns + 1;

    /// <summary>
    /// Per-parameter L2 penalty factors for a fit on <paramref name="rows"/> (positions): a sparse column's factor is
    /// 1/(<see cref="EvidenceFloor"/> + |r|)² with r its naive-Bayes log-count ratio over presence in these rows (add-one
    /// smoothing, as in NBSVM), so columns whose presence separates the classes are cheap to use and the many
    /// uninformative ones expensive; dense columns 1. Computed from the fit's own training rows only (no leak into CV).
    /// </summary>
    public double[] EvidencePenalty(int[] rows, double smoothing = 1)
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
                (int pos, int neg) = HasNarrowRows ? CountClasses(NarrowColRows, ColPtr[j], ColPtr[j + 1], inFit) : CountClasses(WideColRows, ColPtr[j], ColPtr[j + 1], inFit);
                double r = Math.Log((pos + smoothing) / (np + 2 * smoothing)) - Math.Log((neg + smoothing) / (nn + 2 * smoothing));
                double s = EvidenceFloor + Math.Abs(r);
                penalty[j] = 1 / (s * s);
            }
        });
        for (int j = SparseColumns; j < penalty.Length; j++) penalty[j] = 1;
        return penalty;
    }

    private (int Positive, int Negative) CountClasses<TRow>(TRow[] colRows, long from, long to, bool[] inFit) where TRow : unmanaged, IBinaryInteger<TRow>
    {
        int pos = 0, neg = 0;
        for (long e = from; e < to; e++)
        {
            int i = int.CreateTruncating(colRows[e]);
            if (!inFit[i]) continue;
            if (Labels[i] == 1) pos++; else neg++;
        }
        return (pos, neg);
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
    internal static double GatherDot<TIndex>(TIndex[] index, float[] vals, long from, long to, ReadOnlySpan<double> x)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        ref TIndex c = ref MemoryMarshal.GetArrayDataReference(index);
        ref float v = ref MemoryMarshal.GetArrayDataReference(vals);
        ref double w = ref MemoryMarshal.GetReference(x);
        double z0 = 0, z1 = 0, z2 = 0, z3 = 0;
        nint e = (nint)from, end = (nint)to;
        for (; e + 4 <= end; e += 4)
        {
            z0 += Unsafe.Add(ref v, e) * Unsafe.Add(ref w, int.CreateTruncating(Unsafe.Add(ref c, e)));
            z1 += Unsafe.Add(ref v, e + 1) * Unsafe.Add(ref w, int.CreateTruncating(Unsafe.Add(ref c, e + 1)));
            z2 += Unsafe.Add(ref v, e + 2) * Unsafe.Add(ref w, int.CreateTruncating(Unsafe.Add(ref c, e + 2)));
            z3 += Unsafe.Add(ref v, e + 3) * Unsafe.Add(ref w, int.CreateTruncating(Unsafe.Add(ref c, e + 3)));
        }
        for (; e < end; e++) z0 += Unsafe.Add(ref v, e) * Unsafe.Add(ref w, int.CreateTruncating(Unsafe.Add(ref c, e)));
        return (z0 + z1) + (z2 + z3);
    }
}
