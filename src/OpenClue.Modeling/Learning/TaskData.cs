using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>Labelled users gathered from feature sets: dense rows, sparse rows (CSR) and labels.</summary>
internal sealed class TaskData(int dimension)
{
    public int Dimension { get; } = dimension;
    public int Count { get; private set; }
    public List<string> UserIds { get; } = new();
    public byte[] Labels = new byte[1024];
    public float[] Dense = new float[1024 * dimension];
    public long[] RowPtr = new long[1025];
    public uint[] Ids = new uint[1 << 16];
    public byte[] Counts = new byte[1 << 16];

    public void Add(UserFeatures user, byte label)
    {
        if (Count == Labels.Length)
        {
            Array.Resize(ref Labels, Count * 2);
            Array.Resize(ref Dense, Count * 2 * Dimension);
            Array.Resize(ref RowPtr, Count * 2 + 1);
        }
        long start = RowPtr[Count], end = start + user.SparseLength;
        if (end > Ids.Length)
        {
            long size = Math.Max(end, Ids.Length * 2L);
            Array.Resize(ref Ids, (int)Math.Min(size, Array.MaxLength));
            Array.Resize(ref Counts, Ids.Length);
        }
        user.SparseIds.CopyTo(Ids.AsSpan((int)start));
        user.SparseCounts.CopyTo(Counts.AsSpan((int)start));
        user.Dense.AsSpan().CopyTo(Dense.AsSpan(Count * Dimension, Dimension));
        Labels[Count] = label;
        UserIds.Add(user.UserId);
        Count++;
        RowPtr[Count] = end;
    }

    public ReadOnlySpan<float> DenseRow(int r) => Dense.AsSpan(r * Dimension, Dimension);
    public ReadOnlySpan<uint> IdsOf(int r) => Ids.AsSpan((int)RowPtr[r], (int)(RowPtr[r + 1] - RowPtr[r]));
    public ReadOnlySpan<byte> CountsOf(int r) => Counts.AsSpan((int)RowPtr[r], (int)(RowPtr[r + 1] - RowPtr[r]));

    public int CountLabel(byte label)
    {
        int n = 0;
        for (int i = 0; i < Count; i++) if (Labels[i] == label) n++;
        return n;
    }
}
