namespace OpenClue.Modeling.Features;

/// <summary>
/// Consecutive users of a version-2 or version-3 feature set as read by <see cref="FeatureSetReader.ReadBatch"/>: the user id kept as
/// UTF-8 bytes (validated), the dense part kept quantised (value = q × scale of its block of 32), the sparse part decoded.
/// All users share a few flat arrays that are reused from batch to batch, so reading allocates nothing per user.
/// </summary>
public sealed class FeatureBatch
{
    private byte[] _idBytes;
    private readonly int[] _idEnds;
    private readonly int[] _sparseEnds;
    private readonly int[] _tokenCounts;
    private readonly sbyte[] _quantized;
    private readonly float[] _scales;
    private uint[] _ids;
    private byte[] _counts;

    public FeatureBatch(int dimension, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimension, FeatureSetFormat.MaxDimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Dimension = dimension;
        Blocks = FeatureSetFormat.BlockCount(dimension);
        Capacity = capacity;
        _idBytes = new byte[capacity * 16];
        _idEnds = new int[capacity];
        _sparseEnds = new int[capacity];
        _tokenCounts = new int[capacity];
        _quantized = new sbyte[(long)capacity * dimension];
        _scales = new float[capacity * Blocks];
        _ids = new uint[capacity * 256];
        _counts = new byte[_ids.Length];
    }

    /// <summary>
    /// When set, reading frames each user's sparse part and drops it (every user then has no sparse entries): for a
    /// scorer whose model has no sparse weights, such as trees alone, which then decodes nothing it would not use.
    /// </summary>
    internal bool SkipSparse { get; init; }

    public int Dimension { get; }

    /// <summary>Blocks of <see cref="FeatureSetFormat.QuantBlock"/> dimensions (one scale each).</summary>
    public int Blocks { get; }

    public int Capacity { get; }

    /// <summary>Users in the batch.</summary>
    public int Count { get; private set; }

    public ReadOnlySpan<byte> UserIdUtf8(int user) => _idBytes.AsSpan(IdStart(user), _idEnds[Check(user)] - IdStart(user));

    public string UserId(int user) => System.Text.Encoding.UTF8.GetString(UserIdUtf8(user));

    public int TokenCount(int user) => _tokenCounts[Check(user)];

    /// <summary>The quantised dense vector (<see cref="Dimension"/> values).</summary>
    public ReadOnlySpan<sbyte> Quantized(int user) => _quantized.AsSpan(Check(user) * Dimension, Dimension);

    /// <summary>The scale of each block of 32 dimensions (<see cref="Blocks"/> values).</summary>
    public ReadOnlySpan<float> Scales(int user) => _scales.AsSpan(Check(user) * Blocks, Blocks);

    /// <summary>Sparse ids, ascending (see <see cref="SparseFeatures"/>).</summary>
    public ReadOnlySpan<uint> SparseIds(int user) => _ids.AsSpan(SparseStart(user), _sparseEnds[Check(user)] - SparseStart(user));

    public ReadOnlySpan<byte> SparseCounts(int user) => _counts.AsSpan(SparseStart(user), _sparseEnds[Check(user)] - SparseStart(user));

    /// <summary>The dense vector as <see cref="FeatureSetReader.TryRead(UserFeatures)"/> returns it (q × scale, in float).</summary>
    public void Dequantize(int user, Span<float> dense)
    {
        if (dense.Length != Dimension) throw new ArgumentException($"dense must have length {Dimension}.", nameof(dense));
        QuantizedDense.Dequantize(Scales(user), Quantized(user), dense);
    }

    private int Check(int user) => (uint)user < (uint)Count ? user : throw new ArgumentOutOfRangeException(nameof(user));

    private int IdStart(int user) => Check(user) == 0 ? 0 : _idEnds[user - 1];

    private int SparseStart(int user) => Check(user) == 0 ? 0 : _sparseEnds[user - 1];

    internal void Clear() => Count = 0;

    internal bool IsFull => Count == Capacity;

    // Filling, used by the record parser: the slot of the next user is written in place, then committed.
    internal int NextSparseStart => Count == 0 ? 0 : _sparseEnds[Count - 1];

    /// <summary>Room for <paramref name="entries"/> sparse entries of the next user; returns its id and count spans.</summary>
    internal Span<uint> NextSparse(int entries, out Span<byte> counts)
    {
        int start = NextSparseStart;
        if (_ids.Length < start + entries)
        {
            int size = Math.Max(start + entries, _ids.Length * 2);
            Array.Resize(ref _ids, size);
            Array.Resize(ref _counts, size);
        }
        counts = _counts.AsSpan(start, entries);
        return _ids.AsSpan(start, entries);
    }

    internal void Commit(ReadOnlySpan<byte> userId, int tokenCount, ReadOnlySpan<byte> scales, ReadOnlySpan<byte> quantized, int entries)
    {
        int k = Count;
        int idStart = k == 0 ? 0 : _idEnds[k - 1];
        if (_idBytes.Length < idStart + userId.Length) Array.Resize(ref _idBytes, Math.Max(idStart + userId.Length, _idBytes.Length * 2));
        userId.CopyTo(_idBytes.AsSpan(idStart));
        _idEnds[k] = idStart + userId.Length;
        _tokenCounts[k] = tokenCount;
        Span<float> s = _scales.AsSpan(k * Blocks, Blocks);
        for (int b = 0; b < s.Length; b++) s[b] = (float)System.Buffers.Binary.BinaryPrimitives.ReadHalfLittleEndian(scales[(2 * b)..]);
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(quantized).CopyTo(_quantized.AsSpan(k * Dimension, Dimension));
        _sparseEnds[k] = NextSparseStart + entries;
        Count = k + 1;
    }
}
