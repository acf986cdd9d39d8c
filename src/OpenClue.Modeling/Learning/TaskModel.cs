using System.Buffers.Binary;
using System.Numerics.Tensors;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>A trained task model (see <see cref="TaskModels.Deserialize"/>).</summary>
public interface ITaskModel
{
    /// <summary><c>logistic_regression</c>, <c>gbdt</c> or <c>blend</c>.</summary>
    string ModelFamily { get; }

    /// <summary>The NCLUE model of the features it was trained on (D13: it scores only features of that model).</summary>
    string FeatureModelName { get; }
}

public static class TaskModels
{
    public const string LogisticRegression = "logistic_regression", Gbdt = "gbdt", Blend = "blend";

    /// <summary>Reads a model written by <see cref="TaskTrainer"/>; throws <see cref="InvalidDataException"/> when corrupt.</summary>
    public static ITaskModel Deserialize(ReadOnlySpan<byte> bytes) => TaskModel.Deserialize(bytes);
}

/// <summary>
/// Score = σ(a·s + b) with s = α·z_lr/σ_lr + (1 − α)·z_gb/σ_gb: z_lr the linear decision over the sparse part
/// (<see cref="SparseTransform"/>) and the standardised dense part, z_gb the sum of the trees over the dense part, (a, b)
/// a Platt calibration fitted on out-of-fold scores.
/// </summary>
internal sealed class TaskModel : ITaskModel
{
    private static ReadOnlySpan<byte> Magic => "OCTM"u8;
    private const ushort Version = 2; // 1: no idf (SparseTransform over all ids); 2: idf per sparse id (IdfTransform)

    public string ModelFamily { get; init; } = TaskModels.LogisticRegression;
    public string FeatureModelName { get; init; } = "";
    public int Dimension { get; init; }
    // Linear part.
    public uint[] SparseIds { get; init; } = [];
    public float[] SparseWeights { get; init; } = [];
    /// <summary>Idf per sparse id (version 2); empty for version-1 models.</summary>
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

    private uint[]? _tableKeys;
    private float[]? _tableValues;
    private float[]? _tableIdf;
    private float[]? _effective;
    private double _effectiveBias;

    private void Prepare()
    {
        if (_effective is not null) return;
        int size = 16;
        while (size < SparseIds.Length * 2) size <<= 1;
        var keys = new uint[size];
        var values = new float[size];
        var idf = new float[size];
        for (int i = 0; i < SparseIds.Length; i++)
        {
            int slot = (int)(Mix(SparseIds[i]) & (uint)(size - 1));
            while (keys[slot] != 0) slot = (slot + 1) & (size - 1);
            keys[slot] = SparseIds[i] + 1;
            values[slot] = SparseWeights[i];
            idf[slot] = SparseIdf.Length > 0 ? SparseIdf[i] : 0;
        }
        var effective = new float[Dimension];
        double bias = Bias;
        for (int j = 0; j < Dimension && DenseWeights.Length > 0; j++)
        {
            effective[j] = DenseWeights[j] / DenseScale[j];
            bias -= (double)effective[j] * DenseMean[j];
        }
        _tableKeys = keys;
        _tableValues = values;
        _tableIdf = idf;
        _effectiveBias = bias;
        _effective = effective;
    }

    private static uint Mix(uint x)
    {
        x ^= x >> 16; x *= 0x7feb352d; x ^= x >> 15; x *= 0x846ca68b; x ^= x >> 16;
        return x;
    }

    internal double LinearDecision(UserFeatures user, Span<float> scratch)
    {
        Prepare();
        double z = _effectiveBias + (DenseWeights.Length > 0 ? TensorPrimitives.Dot(_effective!, user.Dense) : 0);
        ReadOnlySpan<uint> ids = user.SparseIds;
        if (ids.Length == 0 || SparseIds.Length == 0) return z;
        Span<float> values = scratch.Length >= ids.Length ? scratch[..ids.Length] : new float[ids.Length];
        uint[] keys = _tableKeys!;
        float[] weights = _tableValues!;
        int mask = keys.Length - 1;
        if (SparseIdf.Length == 0)
        {
            SparseTransform.Apply(ids, user.SparseCounts, values);
            for (int i = 0; i < ids.Length; i++)
            {
                int slot = Find(ids[i]);
                if (slot >= 0) z += values[i] * weights[slot];
            }
            return z;
        }
        var slots = new int[ids.Length];
        var idf = new float[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            slots[i] = Find(ids[i]);
            idf[i] = slots[i] >= 0 ? _tableIdf![slots[i]] : 0;
        }
        IdfTransform.Apply(ids, user.SparseCounts, idf, values);
        for (int i = 0; i < ids.Length; i++) if (slots[i] >= 0) z += values[i] * weights[slots[i]];
        return z;
    }

    private int Find(uint id)
    {
        uint[] keys = _tableKeys!;
        int mask = keys.Length - 1;
        uint key = id + 1;
        int slot = (int)(Mix(id) & (uint)mask);
        while (true)
        {
            uint k = keys[slot];
            if (k == key) return slot;
            if (k == 0) return -1;
            slot = (slot + 1) & mask;
        }
    }

    internal double TreeDecision(ReadOnlySpan<float> dense)
    {
        double z = 0;
        foreach (GbdtTree t in Trees) z += t.Predict(dense);
        return z;
    }

    /// <summary>The blended, uncalibrated score s.</summary>
    internal double RawScore(UserFeatures user, Span<float> scratch)
    {
        double s = 0;
        if (Alpha > 0) s += Alpha * LinearDecision(user, scratch) / SdLinear;
        if (Alpha < 1) s += (1 - Alpha) * TreeDecision(user.Dense) / SdTrees;
        return s;
    }

    /// <summary>Probability of label 1.</summary>
    internal double Probability(UserFeatures user, Span<float> scratch) => Sigmoid(PlattA * RawScore(user, scratch) + PlattB);

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
        if (version is not (1 or 2)) throw new InvalidDataException("Unsupported task model version.");
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
            var si = new float[version >= 2 ? ns : 0];
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
