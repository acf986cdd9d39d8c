using System.Buffers.Binary;
using System.Globalization;
using System.Numerics.Tensors;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// A fitted logistic-regression model: score = σ(w · ((x − mean) / scale) + b). Standardisation is stored in the model
/// so it applies to raw encoder vectors.
/// <para>Serialized layout (little-endian): "OCLM" | version u16 = 1 | reserved u16 | dimension i32 | C f64 |
/// intercept f64 | cross-validated AUROC f64 (NaN if none) | mean, scale, weights: dimension × f32 each.</para>
/// </summary>
public sealed class LinearModel
{
    private const ushort Version = 1;
    private const int HeaderBytes = 4 + 2 + 2 + 4 + 8 + 8 + 8;
    private static ReadOnlySpan<byte> Magic => "OCLM"u8;

    private readonly float[] _mean, _scale, _weights;
    // Folded form used for scoring: z = effective · x + effectiveBias.
    private readonly float[] _effective;
    private readonly float _effectiveBias;

    internal LinearModel(float[] mean, float[] scale, float[] weights, double intercept, double c, double crossValidationAuroc)
    {
        if (mean.Length != weights.Length || scale.Length != weights.Length) throw new ArgumentException("length mismatch");
        _mean = mean;
        _scale = scale;
        _weights = weights;
        Intercept = intercept;
        C = c;
        CrossValidationAuroc = crossValidationAuroc;
        _effective = new float[weights.Length];
        double bias = intercept;
        for (int j = 0; j < weights.Length; j++)
        {
            _effective[j] = weights[j] / scale[j];
            bias -= (double)_effective[j] * mean[j];
        }
        _effectiveBias = (float)bias;
    }

    public int Dimension => _weights.Length;

    /// <summary>Inverse regularisation strength the model was fitted with.</summary>
    public double C { get; }

    public double Intercept { get; }

    /// <summary>Mean AUROC of the chosen C in cross-validation on the training data; NaN when CV was skipped.</summary>
    public double CrossValidationAuroc { get; }

    /// <summary>Weights on standardised features.</summary>
    public ReadOnlySpan<float> Weights => _weights;

    public string Description => "logistic-regression C=" + C.ToString(CultureInfo.InvariantCulture);

    /// <summary>Probability of label 1, in [0, 1].</summary>
    public float Score(ReadOnlySpan<float> x)
    {
        if (x.Length != Dimension) throw new ArgumentException($"x must have length {Dimension}.", nameof(x));
        return Sigmoid(TensorPrimitives.Dot(_effective, x) + _effectiveBias);
    }

    internal static float Sigmoid(float z) => z >= 0 ? 1f / (1f + MathF.Exp(-z)) : MathF.Exp(z) / (1f + MathF.Exp(z));

    public byte[] Serialize()
    {
        int d = Dimension;
        var bytes = new byte[HeaderBytes + 3 * 4 * d];
        Span<byte> s = bytes;
        Magic.CopyTo(s);
        BinaryPrimitives.WriteUInt16LittleEndian(s[4..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(s[8..], d);
        BinaryPrimitives.WriteDoubleLittleEndian(s[12..], C);
        BinaryPrimitives.WriteDoubleLittleEndian(s[20..], Intercept);
        BinaryPrimitives.WriteDoubleLittleEndian(s[28..], CrossValidationAuroc);
        int offset = HeaderBytes;
        foreach (float[] array in new[] { _mean, _scale, _weights })
        {
            foreach (float f in array)
            {
                BinaryPrimitives.WriteSingleLittleEndian(s[offset..], f);
                offset += 4;
            }
        }
        return bytes;
    }

    /// <summary>Reads bytes written by <see cref="Serialize"/>; throws <see cref="InvalidDataException"/> if corrupt.</summary>
    public static LinearModel Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes || !bytes[..4].SequenceEqual(Magic)) throw new InvalidDataException("Not a linear model.");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (version != Version) throw new InvalidDataException($"Unsupported linear model version {version}.");
        int d = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
        if (d <= 0 || bytes.Length != HeaderBytes + 12L * d) throw new InvalidDataException("Corrupt linear model (length).");
        double c = BinaryPrimitives.ReadDoubleLittleEndian(bytes[12..]);
        double intercept = BinaryPrimitives.ReadDoubleLittleEndian(bytes[20..]);
        double cvAuroc = BinaryPrimitives.ReadDoubleLittleEndian(bytes[28..]);
        var arrays = new float[3][];
        int offset = HeaderBytes;
        for (int a = 0; a < 3; a++)
        {
            arrays[a] = new float[d];
            for (int j = 0; j < d; j++, offset += 4) arrays[a][j] = BinaryPrimitives.ReadSingleLittleEndian(bytes[offset..]);
        }
        foreach (float s in arrays[1])
        {
            if (!(s > 0f)) throw new InvalidDataException("Corrupt linear model (scale).");
        }
        return new LinearModel(arrays[0], arrays[1], arrays[2], intercept, c, cvAuroc);
    }
}
