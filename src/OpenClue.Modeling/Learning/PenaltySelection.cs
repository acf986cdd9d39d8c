namespace OpenClue.Modeling.Learning;

/// <summary>
/// Step 2 of <see cref="TaskTrainer"/>: the linear model's penalty chosen by cross-validation, then its C path. A
/// <see cref="LinearPath"/> is walked for each candidate — the plain L2 penalty, and the evidence-scaled one
/// (<see cref="LinearDesign.EvidencePenalty"/>) — on the same users and folds; the evidence-scaled penalty must beat the
/// plain one's mean fold AUROC by <see cref="Margin"/> to be chosen. It wins where a few ids separate the classes (rare
/// items, one shared token); on real behaviour logs, where the signal is spread over many weak ids, it overfits the
/// rare ones (MODELING.md, "Real data"). The comparison runs on at most <see cref="MaxChoiceUsers"/> of the selection
/// sample (a coarse decision; this bounds its cost), and the chosen candidate's path is then walked on the whole sample.
/// Above <see cref="MaxChoiceUsers"/> every path also stops on one fold's fall (<see cref="FoldFall"/>, see
/// <see cref="LinearPath.Run"/>); smaller sets walk their paths as before (their models are pinned byte for byte).
/// </summary>
internal static class PenaltySelection
{
    public const double Margin = 0.002;
    public const int MaxChoiceUsers = 2_000;
    /// <summary>One fold's AUROC this far below its value at the best C so far stops a path on more than
    /// <see cref="MaxChoiceUsers"/> users (five times the mean's stop tolerance).</summary>
    public const double FoldFall = 0.01;

    /// <summary>The chosen candidate's path on <paramref name="sample"/> and the L-BFGS iterations of all paths walked.</summary>
    public static (LinearPath Chosen, int Iterations) Run(TaskData data, SelectionSample sample, LinearDesign design, IEnumerable<double> cGrid,
        LinearSettings plain, bool considerEvidence, bool includeDense, int seed, CancellationToken ct)
    {
        if (!considerEvidence) { LinearPath path = LinearPath.Run(design, sample, cGrid, plain, ct); return (path, path.Iterations); }
        if (sample.Count <= MaxChoiceUsers)
        {
            (LinearPath chosen, _, int iterations) = Compare(design, sample, cGrid, plain, ct);
            return (chosen, iterations);
        }
        SelectionSample small = SelectionSample.Draw(data, sample.Rows, MaxChoiceUsers, sample.Folds, seed ^ 0x9E47);
        LinearDesign smallDesign = LinearDesign.Build(data, small.Rows, includeDense, rowMajor: true, plain);
        (LinearPath winner, _, int compared) = Compare(smallDesign, small, cGrid, plain, ct, FoldFall);
        LinearPath full = LinearPath.Run(design, sample, cGrid, winner.Settings, ct, FoldFall);
        return (full, compared + full.Iterations);
    }

    /// <summary>Both candidates' paths on the same design and folds; the winner first.</summary>
    internal static (LinearPath Chosen, LinearPath Other, int Iterations) Compare(LinearDesign design, SelectionSample sample, IEnumerable<double> cGrid,
        LinearSettings plain, CancellationToken ct, double? foldFall = null)
    {
        LinearPath plainPath = LinearPath.Run(design, sample, cGrid, plain, ct, foldFall);
        LinearPath evidence = LinearPath.Run(design, sample, cGrid, plain.WithEvidence(), ct, foldFall);
        int iterations = plainPath.Iterations + evidence.Iterations;
        return evidence.CvAuroc > plainPath.CvAuroc + Margin ? (evidence, plainPath, iterations) : (plainPath, evidence, iterations);
    }
}
