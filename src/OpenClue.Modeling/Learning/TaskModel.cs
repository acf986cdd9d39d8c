using System.Buffers.Binary;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// Score = σ(a·s + b) with s = α·z_lr/σ_lr + (1 − α)·z_gb/σ_gb: z_lr the linear decision over the sparse part
/// (<see cref="IdfTransform"/>) and the standardised dense part, z_gb the sum of the trees over the dense part, (a, b)
/// a Platt calibration fitted on out-of-fold scores. Scoring goes through <see cref="Prepared"/> (built once per model).
/// </summary>
internal sealed class TaskModel : ITaskModel
{
    private static ReadOnlySpan<byte> Magic => "OCTM"u8;
    private const ushort Version = 2;

    public string ModelFamily { get; init; } = TaskModels.LogisticRegression;
    public string FeatureModelName { get; init; } = "";
    public int Dimension { get; init; }
    // Linear part.
    public uint[] SparseIds { get; init; } = [];
    public float[] SparseWeights { get; init; } = [];
    /// <summary>Idf per sparse id.</summary>
    public float[] SparseIdf { get; init; } = [];
    public float[] DenseMean { get; init; } = [];
    public float[] DenseScale { get; init; } = [];
    public float[] DenseWeights { get; init; } = [];
    public double Bias { get; init; }
    // Trees.
    public List<GbdtTree> Trees { get; init; } = [];
    // Blend and calibration.
    public double Alpha { get; init; } = 1;
    public double SdLinear { get; init; } = 1;
    public double SdTrees { get; init; } = 1;
    public double PlattA { get; init; } = 1;
    public double PlattB { get; init; }

    private PreparedTaskModel? _prepared;

    /// <summary>The model arranged for scoring, built on first use (the properties must not change afterwards).</summary>
    internal PreparedTaskModel Prepared => LazyInitializer.EnsureInitialized(ref _prepared, () => new PreparedTaskModel(this));

    /// <summary>Probability of label 1.</summary>
    internal double Probability(UserFeatures user) => Prepared.Probability(user);

    internal static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));

    public byte[] Serialize()
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms, System.Text.Encoding.UTF8);
        w.Write(Magic);
        w.Write(Version);
        w.Write((ushort)0);
        w.Write(FeatureModelName);
        w.Write(ModelFamily);
        w.Write(Dimension);
        w.Write(SparseIds.Length);
        foreach (uint id in SparseIds) w.Write(id);
        foreach (float f in SparseWeights) w.Write(f);
        foreach (float f in SparseIdf) w.Write(f);
        w.Write(DenseWeights.Length);
        foreach (float[] a in new[] { DenseMean, DenseScale, DenseWeights }) foreach (float f in a) w.Write(f);
        w.Write(Bias);
        w.Write(Trees.Count);
        foreach (GbdtTree t in Trees)
        {
            w.Write(t.Feature.Length);
            for (int i = 0; i < t.Feature.Length; i++)
            {
                w.Write(t.Feature[i]); w.Write(t.Threshold[i]); w.Write(t.Left[i]); w.Write(t.Right[i]); w.Write(t.Value[i]);
            }
        }
        w.Write(Alpha); w.Write(SdLinear); w.Write(SdTrees); w.Write(PlattA); w.Write(PlattB);
        w.Flush();
        return ms.ToArray();
    }

    public static TaskModel Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8 || !bytes[..4].SequenceEqual(Magic)) throw new InvalidDataException("Not a task model.");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (version != Version) throw new InvalidDataException("Unsupported task model version.");
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes[8..].ToArray()), System.Text.Encoding.UTF8);
            string featureModel = r.ReadString();
            string family = r.ReadString();
            int dim = r.ReadInt32();
            if (dim <= 0 || dim > FeatureSetFormat.MaxDimension) throw new InvalidDataException("Corrupt task model (dimension).");
            int ns = Count(r, 1 << 28);
            var ids = new uint[ns]; var sw = new float[ns];
            for (int i = 0; i < ns; i++) ids[i] = r.ReadUInt32();
            for (int i = 0; i < ns; i++) sw[i] = r.ReadSingle();
            var si = new float[ns];
            for (int i = 0; i < si.Length; i++) si[i] = r.ReadSingle();
            int nd = Count(r, dim);
            if (nd != 0 && nd != dim) throw new InvalidDataException("Corrupt task model (dense weights).");
            var dm = new float[nd]; var ds = new float[nd]; var dw = new float[nd];
            foreach (float[] a in new[] { dm, ds, dw }) for (int j = 0; j < nd; j++) a[j] = r.ReadSingle();
            foreach (float s in ds) if (!(s > 0)) throw new InvalidDataException("Corrupt task model (scale).");
            double bias = r.ReadDouble();
            int nt = Count(r, 100_000);
            var trees = new List<GbdtTree>(nt);
            for (int t = 0; t < nt; t++)
            {
                int nodes = Count(r, 1 << 20);
                var tree = new GbdtTree { Feature = new int[nodes], Threshold = new float[nodes], Left = new int[nodes], Right = new int[nodes], Value = new float[nodes] };
                for (int i = 0; i < nodes; i++)
                {
                    tree.Feature[i] = r.ReadInt32(); tree.Threshold[i] = r.ReadSingle(); tree.Left[i] = r.ReadInt32(); tree.Right[i] = r.ReadInt32(); tree.Value[i] = r.ReadSingle();
                    if (tree.Feature[i] >= dim || (tree.Feature[i] >= 0 && ((uint)tree.Left[i] >= nodes || (uint)tree.Right[i] >= nodes || tree.Left[i] <= i || tree.Right[i] <= i)))
                        throw new InvalidDataException("Corrupt task model (tree).");
                }
                trees.Add(tree);
            }
            var model = new TaskModel
            {
                FeatureModelName = featureModel, ModelFamily = family, Dimension = dim, SparseIds = ids, SparseWeights = sw, SparseIdf = si,
                DenseMean = dm, DenseScale = ds, DenseWeights = dw, Bias = bias, Trees = trees,
                Alpha = r.ReadDouble(), SdLinear = r.ReadDouble(), SdTrees = r.ReadDouble(), PlattA = r.ReadDouble(), PlattB = r.ReadDouble(),
            };
            if (r.BaseStream.Position != r.BaseStream.Length) throw new InvalidDataException("Corrupt task model (trailing bytes).");
            return model;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("Task model is truncated.", e);
        }
    }

    private static int Count(BinaryReader r, int max)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > max) throw new InvalidDataException("Corrupt task model (count).");
        return n;
    }
}
