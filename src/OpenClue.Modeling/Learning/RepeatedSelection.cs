namespace OpenClue.Modeling.Learning;

/// <summary>
/// Model selection repeated on differently seeded folds, for small training sets (<see cref="TaskTrainer.MaxRepeatedSelectionUsers"/>):
/// on a few hundred users one 3-fold split moves the chosen C, the penalty, the trees and the blend with the seed
/// (MODELING.md, "Seed-stable selection"). Each round fits on every training user (the sample is all of them), so the
/// rounds differ only in their folds; their models are averaged: the linear refits' weights (each at its own round's C and
/// penalty — an average over neighbouring C's where the rounds disagree), and every round's fold trees at 1/rounds of
/// their weight. The blend and the calibration are chosen on the rounds' out-of-fold decisions averaged per user, which
/// are still out of fold (each user's decision in a round comes from the fold that did not see it); the blend's share is
/// chosen in each round on that round's own decisions and averaged (<see cref="BlendSelection.ChooseOverRounds"/>).
/// </summary>
internal sealed class RepeatedSelection
{
    /// <summary>The averaged linear model, in the first round's design.</summary>
    public required LinearRefit Linear { get; init; }
    /// <summary>Out-of-fold decisions averaged over the rounds, in the first round's design positions.</summary>
    public required double[] LinearOutOfFold { get; init; }
    public required double[]? TreesOutOfFold { get; init; }
    /// <summary>All rounds' trees, each leaf divided by the round count (their sum is the average).</summary>
    public required List<GbdtTree> Trees { get; init; }
    public required IReadOnlyList<SelectionRound> Rounds { get; init; }
    /// <summary>Each round's own out-of-fold decisions (linear, trees), in the first round's design positions.</summary>
    public required IReadOnlyList<(double[] Linear, double[]? Trees)> RoundOutOfFold { get; init; }

    /// <summary>The seed of round <paramref name="round"/>: the task's own seed first, so one round is the plain selection.</summary>
    public static int RoundSeed(int seed, int round) => unchecked(seed + round * 1_000_003);

    public static RepeatedSelection Run(TaskData data, int[] rows, SelectionOptions options, int rounds, int seed, CancellationToken ct)
    {
        var done = new SelectionRound[rounds];
        for (int r = 0; r < rounds; r++) done[r] = SelectionRound.Run(data, rows, options, RoundSeed(seed, r), ct);
        return Combine(done);
    }

    internal static RepeatedSelection Combine(SelectionRound[] rounds)
    {
        SelectionRound first = rounds[0];
        if (rounds.Length == 1)
            return new RepeatedSelection
            {
                Linear = first.Refit, LinearOutOfFold = first.Path.OutOfFold, TreesOutOfFold = first.Trees?.OutOfFold, Trees = first.Trees?.Trees ?? [],
                Rounds = rounds, RoundOutOfFold = [(first.Path.OutOfFold, first.Trees?.OutOfFold)],
            };
        int m = first.Sample.Count;
        var positionOfRow = new Dictionary<int, int>(m);
        for (int q = 0; q < m; q++) positionOfRow[first.Sample.Rows[q]] = q;
        var linearOof = new double[m];
        double[]? treeOof = first.Trees is null ? null : new double[m];
        LinearDesign design = first.Refit.Design;
        var parameters = new double[design.ParameterCount];
        List<GbdtTree> trees = [];
        int passes = 0;
        double designSeconds = 0;
        var perRound = new List<(double[] Linear, double[]? Trees)>(rounds.Length);
        foreach (SelectionRound round in rounds)
        {
            if (round.Sample.Count != m) throw new InvalidOperationException("repeated selection needs every round to sample all training users");
            var roundLinear = new double[m];
            double[]? roundTrees = treeOof is null ? null : new double[m];
            for (int q = 0; q < m; q++)
            {
                int p = positionOfRow[round.Sample.Rows[q]];
                roundLinear[p] = round.Path.OutOfFold[q];
                linearOof[p] += round.Path.OutOfFold[q] / rounds.Length;
                if (roundTrees is not null)
                {
                    roundTrees[p] = round.Trees!.OutOfFold[q];
                    treeOof![p] += round.Trees.OutOfFold[q] / rounds.Length;
                }
            }
            perRound.Add((roundLinear, roundTrees));
            AddMapped(round.Refit, design, parameters, 1.0 / rounds.Length);
            if (round.Trees is not null)
                foreach (GbdtTree tree in round.Trees.Trees) { for (int v = 0; v < tree.Value.Length; v++) tree.Value[v] /= rounds.Length; trees.Add(tree); }
            passes += round.Refit.Passes;
            designSeconds += round.Refit.DesignSeconds;
        }
        return new RepeatedSelection
        {
            Linear = new LinearRefit { Design = design, Parameters = parameters, Passes = passes, DesignSeconds = designSeconds },
            LinearOutOfFold = linearOof, TreesOutOfFold = treeOof, Trees = trees, Rounds = rounds, RoundOutOfFold = perRound,
        };
    }

    /// <summary>Adds weight × <paramref name="refit"/>'s parameters into <paramref name="sum"/> (columns of <paramref name="design"/>,
    /// matched by id: the rounds fit the same users, so their columns agree, but nothing here relies on it).</summary>
    private static void AddMapped(LinearRefit refit, LinearDesign design, double[] sum, double weight)
    {
        LinearDesign own = refit.Design;
        double[] p = refit.Parameters;
        for (int j = 0, k = 0; j < design.SparseColumns; j++)
        {
            while (k < own.SparseColumns && own.ColumnIds[k] < design.ColumnIds[j]) k++;
            if (k < own.SparseColumns && own.ColumnIds[k] == design.ColumnIds[j]) sum[j] += weight * p[k];
        }
        for (int j = 0; j <= design.DenseColumns; j++) sum[design.SparseColumns + j] += weight * p[own.SparseColumns + j];
    }
}
