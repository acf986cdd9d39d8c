using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// What the linear learner fits: which sparse kinds are columns, each kind's L2 penalty factor (a block weight β is a
/// penalty factor 1/β²), and whether the naive-Bayes evidence scaling multiplies the penalty.
/// </summary>
internal sealed class LinearSettings
{
    public const int AllKinds = (1 << SparseFeatures.KindCount) - 1;

    /// <summary>Bit k set: ids of kind k are columns of the model.</summary>
    public int Kinds { get; init; } = AllKinds;
    /// <summary>Penalty factor per kind (index = kind; kinds beyond the list: 1).</summary>
    public IReadOnlyList<double> KindPenalty { get; init; } = [];
    public bool EvidenceWeighting { get; init; } = true;
    /// <summary>Pseudo-count of the naive-Bayes ratio (1 = add-one, as in NBSVM).</summary>
    public double EvidenceSmoothing { get; init; } = 1;

    /// <summary>The same columns with the evidence-scaled penalty.</summary>
    public LinearSettings WithEvidence() => new() { Kinds = Kinds, KindPenalty = KindPenalty, EvidenceWeighting = true, EvidenceSmoothing = EvidenceSmoothing };

    public bool HasKind(uint id) => (Kinds & (1 << Math.Min(SparseFeatures.KindOf(id), 31))) != 0;

    private double KindFactor(uint id)
    {
        int kind = SparseFeatures.KindOf(id);
        return kind < KindPenalty.Count ? KindPenalty[kind] : 1;
    }

    /// <summary>Per-parameter penalty factors for a fit on <paramref name="rows"/> of <paramref name="design"/>, or null
    /// for a plain L2 penalty.</summary>
    public double[]? Penalty(LinearDesign design, int[] rows)
    {
        bool byKind = KindPenalty.Any(f => f != 1);
        if (!EvidenceWeighting && !byKind) return null;
        double[] penalty = EvidenceWeighting ? design.EvidencePenalty(rows, EvidenceSmoothing) : Ones(design.ParameterCount - 1);
        if (byKind) for (int j = 0; j < design.SparseColumns; j++) penalty[j] *= KindFactor(design.ColumnIds[j]);
        return penalty;
    }

    private static double[] Ones(int n)
    {
        var a = new double[n];
        Array.Fill(a, 1.0);
        return a;
    }
}
