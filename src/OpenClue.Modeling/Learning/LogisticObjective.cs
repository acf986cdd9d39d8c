using System.Numerics.Tensors;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// Class-balanced, L2-regularised logistic loss over a subset of a <see cref="TrainingSet"/>, on standardised features,
/// divided by the row count for well-scaled tolerances:
/// F(w, b) = (1/n) Σ s_y·log(1 + e^(−(2y−1)z)) + ‖w‖² / (2 C n),  z = w · ((x − mean) / scale) + b,  s_y = n / (2 n_y).
/// The intercept is not penalised. Standardisation is folded into the weights so rows are never copied.
/// Rows are processed in fixed chunks (in parallel) whose partial sums are added in chunk order: the result does not
/// depend on thread scheduling, so fits are reproducible.
/// </summary>
internal sealed class LogisticObjective
{
    private const int ChunkRows = 1024;

    private readonly float[] _x;
    private readonly byte[] _labels;
    private readonly int[] _rows;
    private readonly float[] _mean, _scale;
    private readonly int _dim;
    private readonly double _c;
    private readonly double[] _classWeight = new double[2];
    private readonly float[][] _partialGradients;
    private readonly double[] _partialLoss, _partialResidual;
    private readonly float[] _effective;

    public LogisticObjective(TrainingSet data, int[] rows, float[] mean, float[] scale, double c)
    {
        _x = data.RowBuffer;
        _labels = data.Labels.ToArray();
        _rows = rows;
        _mean = mean;
        _scale = scale;
        _dim = data.Dimension;
        _c = c;
        int positives = 0;
        foreach (int r in rows) positives += _labels[r];
        int negatives = rows.Length - positives;
        _classWeight[1] = positives > 0 ? rows.Length / (2.0 * positives) : 0;
        _classWeight[0] = negatives > 0 ? rows.Length / (2.0 * negatives) : 0;
        int chunks = (rows.Length + ChunkRows - 1) / ChunkRows;
        _partialGradients = new float[chunks][];
        for (int k = 0; k < chunks; k++) _partialGradients[k] = new float[_dim];
        _partialLoss = new double[chunks];
        _partialResidual = new double[chunks];
        _effective = new float[_dim];
    }

    /// <summary>Parameter count: the weights plus the intercept (last).</summary>
    public int ParameterCount => _dim + 1;

    /// <summary>Returns F at <paramref name="p"/> and writes ∇F into <paramref name="gradient"/>.</summary>
    public double Evaluate(double[] p, double[] gradient)
    {
        double bias = p[_dim];
        for (int j = 0; j < _dim; j++)
        {
            _effective[j] = (float)(p[j] / _scale[j]);
            bias -= _effective[j] * (double)_mean[j];
        }

        Parallel.For(0, _partialGradients.Length, k => EvaluateChunk(k, bias));

        Array.Clear(gradient);
        double loss = 0, residual = 0;
        for (int k = 0; k < _partialGradients.Length; k++)
        {
            float[] partial = _partialGradients[k];
            for (int j = 0; j < _dim; j++) gradient[j] += partial[j];
            loss += _partialLoss[k];
            residual += _partialResidual[k];
        }

        double n = _rows.Length;
        double penalty = 0;
        for (int j = 0; j < _dim; j++)
        {
            // ∂/∂w_j of Σ r_i (x_ij − mean_j) / scale_j, plus the L2 term.
            gradient[j] = (gradient[j] - _mean[j] * residual) / _scale[j] / n + p[j] / (_c * n);
            penalty += p[j] * p[j];
        }
        gradient[_dim] = residual / n;
        return loss / n + penalty / (2 * _c * n);
    }

    private void EvaluateChunk(int chunk, double bias)
    {
        float[] accumulator = _partialGradients[chunk];
        Array.Clear(accumulator);
        double loss = 0, residualSum = 0;
        int end = Math.Min(_rows.Length, (chunk + 1) * ChunkRows);
        for (int i = chunk * ChunkRows; i < end; i++)
        {
            int row = _rows[i];
            ReadOnlySpan<float> x = _x.AsSpan(row * _dim, _dim);
            double z = TensorPrimitives.Dot(x, _effective) + bias;
            int y = _labels[row];
            double weight = _classWeight[y];
            double margin = y == 1 ? -z : z;
            loss += weight * (Math.Max(margin, 0) + Math.Log(1 + Math.Exp(-Math.Abs(margin)))); // stable softplus
            double probability = z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
            double residual = weight * (probability - y);
            residualSum += residual;
            TensorPrimitives.MultiplyAdd(x, (float)residual, accumulator, accumulator);
        }
        _partialLoss[chunk] = loss;
        _partialResidual[chunk] = residualSum;
    }

    /// <summary>Raw decision values z for <paramref name="rows"/> (monotone in the probability, enough for AUROC).</summary>
    public static void Decide(TrainingSet data, int[] rows, float[] mean, float[] scale, double[] p, Span<float> output)
    {
        int dim = data.Dimension;
        var effective = new float[dim];
        double bias = p[dim];
        for (int j = 0; j < dim; j++)
        {
            effective[j] = (float)(p[j] / scale[j]);
            bias -= effective[j] * (double)mean[j];
        }
        float[] x = data.RowBuffer;
        for (int i = 0; i < rows.Length; i++)
            output[i] = (float)(TensorPrimitives.Dot(x.AsSpan(rows[i] * dim, dim), effective) + bias);
    }
}
