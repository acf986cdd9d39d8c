using System.Numerics.Tensors;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// A <see cref="TaskModel"/> arranged once for scoring many users (immutable, safe to share between threads): the sparse
/// weights in a <see cref="SparseWeightTable"/>, the dense weights divided by their scales with the means folded into the
/// bias, the trees flattened (<see cref="FlatTrees"/>). Scores a decoded <see cref="FeatureBatch"/> user straight from its
/// quantised dense bytes, or a <see cref="UserFeatures"/>; both give the model's probability up to float rounding.
/// </summary>
internal sealed class PreparedTaskModel
{
    private readonly SparseWeightTable _sparse;
    private readonly float[] _dense; // DenseWeights[j] / DenseScale[j]; empty without a dense part
    private readonly double _bias; // Bias − Σ _dense[j]·DenseMean[j]
    private readonly FlatTrees? _flatTrees;
    private readonly List<GbdtTree> _trees;
    private readonly double _alpha, _sdLinear, _sdTrees, _plattA, _plattB;

    public PreparedTaskModel(TaskModel m)
    {
        Dimension = m.Dimension;
        _sparse = new SparseWeightTable(m.SparseIds, m.SparseWeights, m.SparseIdf);
        _dense = new float[m.DenseWeights.Length > 0 ? m.Dimension : 0];
        double bias = m.Bias;
        for (int j = 0; j < _dense.Length; j++)
        {
            _dense[j] = m.DenseWeights[j] / m.DenseScale[j];
            bias -= (double)_dense[j] * m.DenseMean[j];
        }
        _bias = bias;
        _trees = m.Trees;
        _flatTrees = FlatTrees.TryCreate(m.Trees, m.Dimension);
        (_alpha, _sdLinear, _sdTrees, _plattA, _plattB) = (m.Alpha, m.SdLinear, m.SdTrees, m.PlattA, m.PlattB);
    }

    public int Dimension { get; }

    /// <summary>Whether scoring reads the sparse part (a model of trees alone does not).</summary>
    public bool UsesSparse => _alpha > 0 && _sparse.Count > 0;

    /// <summary>Whether scoring needs the dense vector as floats (the trees compare dequantised values).</summary>
    public bool NeedsDenseValues => _alpha < 1;

    /// <summary>Probability of label 1 for user <paramref name="user"/> of <paramref name="batch"/>;
    /// <paramref name="dense"/> is scratch of length <see cref="Dimension"/>.</summary>
    public double Probability(FeatureBatch batch, int user, Span<float> dense) =>
        Probability(batch, user, dense, UsesSparse ? _sparse.Decision(batch.SparseIds(user), batch.SparseCounts(user)) : 0);

    /// <summary>The sparse part of the linear decision of users [0, output.Length) of <paramref name="batch"/>, looked up
    /// together (<see cref="SparseWeightTable.Decisions"/>), for <see cref="Probability(FeatureBatch, int, Span{float}, double)"/>.</summary>
    public void SparseDecisions(FeatureBatch batch, Span<double> output) => _sparse.Decisions(batch, 0, output);

    /// <summary>As <see cref="Probability(FeatureBatch, int, Span{float})"/>, given the user's sparse decision (0 when the model
    /// does not use the sparse part).</summary>
    public double Probability(FeatureBatch batch, int user, Span<float> dense, double sparseDecision)
    {
        double s = 0;
        if (_alpha > 0)
        {
            double z = _bias;
            if (_dense.Length > 0) z += QuantizedDense.Dot(batch.Scales(user), batch.Quantized(user), _dense);
            z += sparseDecision;
            s += _alpha * z / _sdLinear;
        }
        if (_alpha < 1)
        {
            batch.Dequantize(user, dense);
            s += (1 - _alpha) * TreeSum(dense) / _sdTrees;
        }
        return TaskModel.Sigmoid(_plattA * s + _plattB);
    }

    /// <summary>Probability of label 1 for a user read with <see cref="FeatureSetReader.TryRead(UserFeatures)"/>.</summary>
    public double Probability(UserFeatures user)
    {
        double s = 0;
        if (_alpha > 0)
        {
            double z = _bias;
            if (_dense.Length > 0) z += TensorPrimitives.Dot(_dense, user.Dense);
            z += _sparse.Decision(user.SparseIds, user.SparseCounts);
            s += _alpha * z / _sdLinear;
        }
        if (_alpha < 1) s += (1 - _alpha) * TreeSum(user.Dense) / _sdTrees;
        return TaskModel.Sigmoid(_plattA * s + _plattB);
    }

    private double TreeSum(ReadOnlySpan<float> dense)
    {
        if (_flatTrees is not null) return _flatTrees.Sum(dense);
        double z = 0;
        foreach (GbdtTree t in _trees) z += t.Predict(dense);
        return z;
    }
}
