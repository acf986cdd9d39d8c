using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;
using Xunit;

namespace OpenClue.Modeling.Tests;

/// <summary>The linear design's storage choices change nothing the fits compute (<see cref="LinearDesign"/>).</summary>
public class LinearDesignTests
{
    private static readonly IBehaviorEncoder Hash = BehaviorEncoders.FindBuiltIn("oc-hash-1")!;

    private static (TaskData Data, SelectionSample Sample) Load(int users)
    {
        var list = Synthetic.Users(users, 23, "d");
        var data = new TaskData(HashBehaviorEncoder.VectorDimension);
        using (var reader = Synthetic.Open(Synthetic.Features(Hash, list))())
        {
            var user = new UserFeatures();
            for (int i = 0; reader.TryRead(user); i++) data.Add(user, list[i].Label);
        }
        return (data, SelectionSample.Draw(data, Enumerable.Range(0, data.Count).ToArray(), 12_000, 3, 9));
    }

    [Fact]
    public void Sixteen_bit_rows_give_bit_identical_objective_gradient_and_hessian_products()
    {
        (TaskData data, SelectionSample sample) = Load(600);
        var settings = new LinearSettings { EvidenceWeighting = true, KindPenalty = TaskTrainer.DefaultKindPenalty };
        LinearDesign narrow = LinearDesign.Build(data, sample.Rows, includeDense: true, rowMajor: true, settings);
        LinearDesign wide = LinearDesign.Build(data, sample.Rows, includeDense: true, rowMajor: true, settings, narrowRows: false);
        Assert.True(narrow.HasNarrowRows);
        Assert.False(wide.HasNarrowRows);
        Assert.Equal(wide.WideColRows, narrow.NarrowColRows.Select(r => (int)r));
        Assert.Equal(wide.ColVals, narrow.ColVals);

        int n = narrow.ParameterCount;
        var r = new Random(4);
        double[] x = Enumerable.Range(0, n).Select(_ => r.NextDouble() - 0.5).ToArray();
        double[] v = Enumerable.Range(0, n).Select(_ => r.NextDouble() - 0.5).ToArray();
        foreach ((int[] rows, (int, int)? excluded) in new[] { (sample.TrainOf[1], sample.Excluded(1)), (Enumerable.Range(0, sample.Count).ToArray(), ((int, int)?)null) })
        {
            double[] penaltyNarrow = settings.Penalty(narrow, rows)!, penaltyWide = settings.Penalty(wide, rows)!;
            Assert.Equal(penaltyWide, penaltyNarrow);
            var a = new SparseLogisticObjective(narrow, rows, 0.5, penaltyNarrow, excluded);
            var b = new SparseLogisticObjective(wide, rows, 0.5, penaltyWide, excluded);
            double[] ga = new double[n], gb = new double[n];
            Assert.Equal(b.Evaluate(x, gb), a.Evaluate(x, ga));
            Assert.Equal(gb, ga);
            a.HessianVector(v, ga);
            b.HessianVector(v, gb);
            Assert.Equal(gb, ga);
            a.HessianDiagonal(ga);
            b.HessianDiagonal(gb);
            Assert.Equal(gb, ga);
        }
        double[] p = new double[n], q = new double[n];
        SparseLogisticObjective wideFit = LinearFit.CvObjective(wide, sample.TrainOf[0], settings, sample.Excluded(0));
        SparseLogisticObjective narrowFit = LinearFit.CvObjective(narrow, sample.TrainOf[0], settings, sample.Excluded(0));
        wideFit.C = narrowFit.C = 4;
        Assert.Equal(LinearFit.Minimize(wideFit, q, new LbfgsWorkspace(n, LinearFit.CvMemory)),
            LinearFit.Minimize(narrowFit, p, new LbfgsWorkspace(n, LinearFit.CvMemory)));
        Assert.Equal(q, p);

        // A workspace left dirty by another fit gives the fresh workspace's result.
        var used = new LbfgsWorkspace(n, LinearFit.CvMemory);
        narrowFit.C = 32;
        LinearFit.Minimize(narrowFit, new double[n], used);
        narrowFit.C = 4;
        double[] again = new double[n];
        LinearFit.Minimize(narrowFit, again, used);
        Assert.Equal(p, again);
    }

    [Theory]
    [InlineData(true, LinearDesign.FillBlockEntries, false)]
    [InlineData(false, LinearDesign.FillBlockEntries, false)]
    [InlineData(false, 64, false)] // many column blocks, and columns longer than a block
    [InlineData(false, 1, false)] // one column per block
    [InlineData(false, 64, true)] // 32-bit rows: the column's index in the block packed above the row during the fill
    public void The_parallel_build_equals_a_plain_one_row_by_row(bool evidenceKindsOnly, int blockEntries, bool wideRows)
    {
        (TaskData data, SelectionSample sample) = Load(900);
        var settings = new LinearSettings { Kinds = evidenceKindsOnly ? 0b10011 : LinearSettings.AllKinds };
        int[] rows = sample.Rows;
        LinearDesign d = LinearDesign.Build(data, rows, includeDense: false, rowMajor: true, settings, narrowRows: !wideRows, blockEntries: blockEntries);

        // Reference: document frequencies, columns (df ≥ 2, ascending id), then rows in order into both layouts.
        var df = new Dictionary<uint, int>();
        foreach (int r in rows) foreach (uint id in data.IdsOf(r)) if (settings.HasKind(id)) df[id] = df.GetValueOrDefault(id) + 1;
        uint[] columns = df.Where(kv => kv.Value >= LinearDesign.MinDocumentFrequency).Select(kv => kv.Key).Order().ToArray();
        Assert.Equal(columns, d.ColumnIds);
        float[] idf = columns.Select(id => (float)(Math.Log((1.0 + rows.Length) / (1.0 + df[id])) + 1)).ToArray();
        Assert.Equal(idf, d.Idf);
        var byColumn = columns.Select(_ => new List<(int Row, float Value)>()).ToArray();
        var ptr = new List<long> { 0 };
        var cols = new List<int>();
        var vals = new List<float>();
        for (int i = 0; i < rows.Length; i++)
        {
            ReadOnlySpan<uint> ids = data.IdsOf(rows[i]);
            int[] col = new int[ids.Length];
            float[] entryIdf = new float[ids.Length], values = new float[ids.Length];
            for (int e = 0; e < ids.Length; e++)
            {
                col[e] = settings.HasKind(ids[e]) ? Array.BinarySearch(columns, ids[e]) : -1;
                entryIdf[e] = col[e] >= 0 ? idf[col[e]] : 0;
            }
            IdfTransform.Apply(ids, data.CountsOf(rows[i]), entryIdf, values);
            for (int e = 0; e < ids.Length; e++)
            {
                if (col[e] < 0) continue;
                byColumn[col[e]].Add((i, values[e]));
                cols.Add(col[e]);
                vals.Add(values[e]);
            }
            ptr.Add(cols.Count);
        }
        Assert.Equal(ptr, d.Ptr);
        Assert.Equal(cols, d.Cols);
        Assert.Equal(vals, d.Vals);
        long[] colPtr = new long[columns.Length + 1];
        for (int j = 0; j < columns.Length; j++) colPtr[j + 1] = colPtr[j] + byColumn[j].Count;
        Assert.Equal(colPtr, d.ColPtr);
        Assert.Equal(byColumn.SelectMany(c => c.Select(e => e.Row)), wideRows ? d.WideColRows : d.NarrowColRows.Select(r => (int)r));
        Assert.Equal(byColumn.SelectMany(c => c.Select(e => e.Value)), d.ColVals);
        Assert.Equal(rows.Select(r => data.Labels[r]), d.Labels);
    }

    [Fact]
    public void A_design_of_more_rows_than_sixteen_bits_hold_keeps_32_bit_rows()
    {
        (TaskData data, _) = Load(40);
        int[] rows = Enumerable.Range(0, LinearDesign.MaxNarrowRows + 1).Select(i => i % data.Count).ToArray();
        var settings = new LinearSettings { EvidenceWeighting = false };
        LinearDesign design = LinearDesign.Build(data, rows, includeDense: false, rowMajor: false, settings);
        Assert.False(design.HasNarrowRows);
        Assert.Equal(LinearDesign.MaxNarrowRows, design.WideColRows.Max());
        LinearDesign fits = LinearDesign.Build(data, rows[..LinearDesign.MaxNarrowRows], includeDense: false, rowMajor: false, settings);
        Assert.True(fits.HasNarrowRows);
        Assert.Equal(ushort.MaxValue, fits.NarrowColRows.Max());
    }
}
