namespace OpenClue.Modeling.Learning;

/// <summary>A regression tree on raw feature values: internal node goes left when x[feature] ≤ threshold.</summary>
internal sealed class GbdtTree
{
    public int[] Feature = [];   // -1 for a leaf
    public float[] Threshold = [];
    public int[] Left = [], Right = [];
    public float[] Value = [];
    /// <summary>Bin index of the split during training (not serialized).</summary>
    public int[] SplitBin = [];

    public float Predict(ReadOnlySpan<float> x)
    {
        int node = 0;
        while (Feature[node] >= 0) node = x[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
        return Value[node];
    }
}
