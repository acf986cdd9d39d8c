namespace OpenClue.Modeling.Learning;

/// <summary>
/// A second linear member for small training sets (those that run <see cref="RepeatedSelection"/>): the same columns,
/// idf and tf, but each user's sparse row L2-normalised as a whole (<see cref="LinearSettings.RowNormalised"/>, the TF-IDF
/// peer's value) instead of per kind. It runs the same selection rounds on the same folds (round seeds as the primary's),
/// plain penalty only and no trees, so its out-of-fold decisions are comparable user by user. The two members' standardised
/// decisions are mixed, z = (1 − s)·z_kind/σ_kind + s·z_row/σ_row, with the share s taken from the candidates by
/// out-of-fold AUROC (one candidate: fixed). On a few hundred users the two normalisations err differently (MODELING.md,
/// "Session 8"), so their mix has less variance than either.
/// The mix is still one linear model over one id set: per id a weight on the per-kind normalised value and one on the
/// row-normalised value (OCTM v3's row weights), which <see cref="SparseWeightTable"/> scores in the same pass — both
/// normalisations come from the same per-kind sums of squares. The dense part and the bias do not depend on the
/// normalisation, so they are simply added.
/// </summary>
internal sealed class LinearEnsemble
{
    /// <summary>Share s of the row-normalised member.</summary>
    public required double Share { get; init; }
    /// <summary>The primary (per-kind) member's design: the columns of <see cref="Parameters"/> and <see cref="RowWeights"/>.</summary>
    public required LinearDesign Design { get; init; }
    /// <summary>(1 − s)/σ_kind × the primary's sparse weights, then the mixed dense weights and bias.</summary>
    public required double[] Parameters { get; init; }
    /// <summary>s/σ_row × the row member's sparse weights, by <see cref="Design"/>'s columns (empty when s = 0).</summary>
    public required double[] RowWeights { get; init; }
    /// <summary>The mixed out-of-fold decisions (the primary's positions).</summary>
    public required double[] OutOfFold { get; init; }
    /// <summary>The row member's selection (null when it was not fitted).</summary>
    public required RepeatedSelection? RowMember { get; init; }

    /// <summary>The primary alone (s = 0): its model, unchanged.</summary>
    public static LinearEnsemble PrimaryOnly(RepeatedSelection primary, RepeatedSelection? member = null) => new()
    {
        Share = 0, Design = primary.Linear.Design, Parameters = primary.Linear.Parameters, RowWeights = [],
        OutOfFold = primary.LinearOutOfFold, RowMember = member,
    };

    /// <summary>Fits the row-normalised member on the primary's rounds (same seeds, hence folds) and chooses the share.</summary>
    public static LinearEnsemble Fit(TaskData data, int[] rows, SelectionOptions options, int rounds, int seed, RepeatedSelection primary,
        IReadOnlyList<double> shares, CancellationToken ct)
    {
        if (shares.Count == 0) return PrimaryOnly(primary);
        var rowOptions = options with { Linear = options.Linear.WithRowNormalisation(), EvidenceWeighting = false, EnableTrees = false };
        RepeatedSelection member = RepeatedSelection.Run(data, rows, rowOptions, rounds, seed, ct);
        return Mix(primary, member, shares);
    }

    /// <summary>The mix of two fitted members at the share with the best out-of-fold AUROC (ties: the earlier candidate).</summary>
    internal static LinearEnsemble Mix(RepeatedSelection primary, RepeatedSelection member, IReadOnlyList<double> shares)
    {
        int[] order = primary.Rounds[0].Sample.Rows, memberOrder = member.Rounds[0].Sample.Rows;
        if (!order.AsSpan().SequenceEqual(memberOrder)) throw new InvalidOperationException("the members' out-of-fold decisions must be in the same users' order");
        double[] kindOof = primary.LinearOutOfFold, rowOof = member.LinearOutOfFold;
        byte[] labels = primary.Rounds[0].Design.Labels;
        double sdKind = StdDev(kindOof), sdRow = StdDev(rowOof);
        double share = shares[0], best = double.NegativeInfinity;
        double[] mixed = [];
        foreach (double s in shares)
        {
            double[] candidate = Combine(kindOof, rowOof, (1 - s) / sdKind, s / sdRow);
            double auroc = shares.Count == 1 ? 0 : Auroc.Compute(candidate.Select(v => (float)v).ToArray(), labels);
            if (auroc > best) { best = auroc; share = s; mixed = candidate; }
        }
        if (share == 0) return PrimaryOnly(primary, member);
        LinearDesign design = primary.Linear.Design, rowDesign = member.Linear.Design;
        double kindScale = (1 - share) / sdKind, rowScale = share / sdRow;
        var parameters = new double[design.ParameterCount];
        double[] kind = primary.Linear.Parameters, row = member.Linear.Parameters;
        for (int j = 0; j < design.SparseColumns; j++) parameters[j] = kindScale * kind[j];
        for (int j = 0; j <= design.DenseColumns; j++)
            parameters[design.SparseColumns + j] = kindScale * kind[design.SparseColumns + j] + rowScale * row[rowDesign.SparseColumns + j];
        var rowWeights = new double[design.SparseColumns];
        for (int j = 0, k = 0; j < design.SparseColumns; j++)
        {
            while (k < rowDesign.SparseColumns && rowDesign.ColumnIds[k] < design.ColumnIds[j]) k++;
            if (k < rowDesign.SparseColumns && rowDesign.ColumnIds[k] == design.ColumnIds[j]) rowWeights[j] = rowScale * row[k];
        }
        return new LinearEnsemble { Share = share, Design = design, Parameters = parameters, RowWeights = rowWeights, OutOfFold = mixed, RowMember = member };
    }

    /// <summary>Each id's weight summed over the members (what explanations rank), with the dense weights and bias.</summary>
    public double[] CombinedWeights()
    {
        var w = (double[])Parameters.Clone();
        for (int j = 0; j < RowWeights.Length; j++) w[j] += RowWeights[j];
        return w;
    }

    private static double[] Combine(double[] a, double[] b, double wa, double wb)
    {
        var s = new double[a.Length];
        for (int i = 0; i < s.Length; i++) s[i] = wa * a[i] + wb * b[i];
        return s;
    }

    private static double StdDev(double[] v)
    {
        double mean = v.Average(), s = 0;
        foreach (double x in v) s += (x - mean) * (x - mean);
        double sd = Math.Sqrt(s / Math.Max(1, v.Length));
        return sd > 1e-12 ? sd : 1;
    }
}
