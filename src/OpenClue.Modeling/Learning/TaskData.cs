using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// Labelled users gathered from feature sets: labels, the dense rows int8-quantised per block of 32 (as in the feature
/// file: ¼ of float32) and the sparse rows, in fixed-size blocks so that growing never copies (or doubles) what is held.
/// </summary>
internal sealed class TaskData(int dimension)
{
    private const int DenseBlockRows = 4096;
    private const int SparseBlockEntries = 1 << 20;
    private readonly int _scaleCount = FeatureSetFormat.BlockCount(dimension);
    private readonly List<sbyte[]> _dense = [];
    private readonly List<Half[]> _scales = [];
    private readonly List<uint[]> _ids = [];
    private readonly List<byte[]> _counts = [];
    private readonly List<long> _rowStart = []; // block << 32 | offset
    private readonly List<int> _rowLength = [];
    private int _sparseFill = SparseBlockEntries;

    public int Dimension { get; } = dimension;
    public int Count { get; private set; }
    public List<string> UserIds { get; } = new();
    public byte[] Labels = new byte[1024];
    /// <summary>When set, the rows evaluated (the D18 held-out users of a training set); otherwise all.</summary>
    public bool[]? Keep;

    public void Add(UserFeatures user, byte label)
    {
        int row = NextDenseRow();
        FeatureSetFormat.Quantize(user.Dense, _scales[^1].AsSpan(row * _scaleCount, _scaleCount), _dense[^1].AsSpan(row * Dimension, Dimension));
        AddSparseAndLabel(user.SparseIds, user.SparseCounts, user.UserId, label);
    }

    /// <summary>Adds user <paramref name="user"/> of <paramref name="batch"/>, its dense part copied as stored (already quantised).</summary>
    public void Add(FeatureBatch batch, int user, string userId, byte label)
    {
        int row = NextDenseRow();
        batch.Quantized(user).CopyTo(_dense[^1].AsSpan(row * Dimension, Dimension));
        ReadOnlySpan<float> scales = batch.Scales(user);
        Span<Half> target = _scales[^1].AsSpan(row * _scaleCount, _scaleCount);
        for (int b = 0; b < scales.Length; b++) target[b] = (Half)scales[b]; // read from Half: exact
        AddSparseAndLabel(batch.SparseIds(user), batch.SparseCounts(user), userId, label);
    }

    private int NextDenseRow()
    {
        if (Count == Labels.Length) Array.Resize(ref Labels, Count * 2);
        int row = Count % DenseBlockRows;
        if (row == 0)
        {
            _dense.Add(new sbyte[DenseBlockRows * Dimension]);
            _scales.Add(new Half[DenseBlockRows * _scaleCount]);
        }
        return row;
    }

    private void AddSparseAndLabel(ReadOnlySpan<uint> ids, ReadOnlySpan<byte> counts, string userId, byte label)
    {
        int length = ids.Length;
        int blockSize = Math.Max(SparseBlockEntries, length);
        if (_sparseFill + length > (_ids.Count == 0 ? 0 : _ids[^1].Length))
        {
            _ids.Add(new uint[blockSize]);
            _counts.Add(new byte[blockSize]);
            _sparseFill = 0;
        }
        ids.CopyTo(_ids[^1].AsSpan(_sparseFill));
        counts.CopyTo(_counts[^1].AsSpan(_sparseFill));
        _rowStart.Add((long)(_ids.Count - 1) << 32 | (uint)_sparseFill);
        _rowLength.Add(length);
        _sparseFill += length;

        Labels[Count] = label;
        UserIds.Add(userId);
        Count++;
    }

    /// <summary>Writes row <paramref name="r"/>'s dense vector (dequantised) into <paramref name="target"/>.</summary>
    public void DenseRow(int r, Span<float> target)
    {
        int block = r / DenseBlockRows, row = r % DenseBlockRows;
        FeatureSetFormat.Dequantize(_scales[block].AsSpan(row * _scaleCount, _scaleCount), _dense[block].AsSpan(row * Dimension, Dimension), target[..Dimension]);
    }

    /// <summary>The dense rows of <paramref name="rows"/>, row-major (rows.Length × Dimension).</summary>
    public float[] DenseMatrix(int[] rows)
    {
        var x = new float[(long)rows.Length * Dimension];
        Parallel.For(0, rows.Length, i => DenseRow(rows[i], x.AsSpan((int)((long)i * Dimension), Dimension)));
        return x;
    }

    public ReadOnlySpan<uint> IdsOf(int r)
    {
        long start = _rowStart[r];
        return _ids[(int)(start >> 32)].AsSpan((int)(uint)start, _rowLength[r]);
    }

    public ReadOnlySpan<byte> CountsOf(int r)
    {
        long start = _rowStart[r];
        return _counts[(int)(start >> 32)].AsSpan((int)(uint)start, _rowLength[r]);
    }

    public int CountLabel(byte label)
    {
        int n = 0;
        for (int i = 0; i < Count; i++) if (Labels[i] == label) n++;
        return n;
    }
}
