namespace OpenClue.Modeling.Learning;

/// <summary>Labelled feature rows (0/1 labels) in one growable row-major float array.</summary>
public sealed class TrainingSet
{
    private float[] _rows;
    private byte[] _labels;

    public TrainingSet(int dimension) : this(dimension, initialCapacity: 16) { }

    public TrainingSet(int dimension, int initialCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        Dimension = dimension;
        initialCapacity = Math.Max(initialCapacity, 1);
        _rows = new float[checked(initialCapacity * dimension)];
        _labels = new byte[initialCapacity];
    }

    public int Count { get; private set; }

    public int Dimension { get; }

    /// <summary>Appends a copy of <paramref name="x"/> (length <see cref="Dimension"/>) with label 0 or 1.</summary>
    public void Add(ReadOnlySpan<float> x, byte label)
    {
        if (x.Length != Dimension) throw new ArgumentException($"x must have length {Dimension}.", nameof(x));
        if (label > 1) throw new ArgumentOutOfRangeException(nameof(label), "label must be 0 or 1.");
        if (Count == _labels.Length) Grow();
        x.CopyTo(_rows.AsSpan(Count * Dimension, Dimension));
        _labels[Count] = label;
        Count++;
    }

    public ReadOnlySpan<float> GetRow(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _rows.AsSpan(index * Dimension, Dimension);
    }

    public byte GetLabel(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _labels[index];
    }

    public ReadOnlySpan<byte> Labels => _labels.AsSpan(0, Count);

    /// <summary>All rows, row-major, <see cref="Count"/> × <see cref="Dimension"/>.</summary>
    public ReadOnlySpan<float> Rows => _rows.AsSpan(0, Count * Dimension);

    /// <summary>Backing array (row-major; only the first Count × Dimension entries are rows).</summary>
    internal float[] RowBuffer => _rows;

    private void Grow()
    {
        long capacity = Math.Min((long)_labels.Length * 2, Array.MaxLength / Dimension);
        if (capacity <= _labels.Length) throw new InvalidOperationException("TrainingSet is full.");
        Array.Resize(ref _rows, (int)capacity * Dimension);
        Array.Resize(ref _labels, (int)capacity);
    }
}
