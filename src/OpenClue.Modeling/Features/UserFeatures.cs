namespace OpenClue.Modeling.Features;

/// <summary>One user of a feature set as read by <see cref="FeatureSetReader.TryRead(UserFeatures)"/>; reused between reads.</summary>
public sealed class UserFeatures
{
    public string UserId { get; internal set; } = "";
    public int TokenCount { get; internal set; }
    /// <summary>The dense vector (length = the reader's Dimension), dequantised.</summary>
    public float[] Dense { get; internal set; } = [];
    internal uint[] SparseIdBuffer = new uint[256];
    internal byte[] SparseCountBuffer = new byte[256];
    public int SparseLength { get; internal set; }
    /// <summary>Sparse ids ascending (see <see cref="SparseFeatures"/>); empty for version-1 files.</summary>
    public ReadOnlySpan<uint> SparseIds => SparseIdBuffer.AsSpan(0, SparseLength);
    public ReadOnlySpan<byte> SparseCounts => SparseCountBuffer.AsSpan(0, SparseLength);
}
