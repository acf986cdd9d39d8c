namespace OpenClue.Modeling.Learning;

/// <summary>One fit of the class-balanced L2 logistic regression (<see cref="SparseLogisticObjective"/>) at one C.</summary>
internal static class LinearFit
{
    /// <summary>The refit at a C up to this uses <see cref="NewtonCg"/>, above it L-BFGS (see <see cref="Refit"/>).</summary>
    public const double MaxNewtonC = 0.5;
    /// <summary>Passes over the data a Newton refit may use (evaluations, Hessian products and diagonals).</summary>
    public const int NewtonRefitPasses = 24;
    /// <summary>The same for a refit on more users than the selection sample (its own design): 16 passes gave the same
    /// test AUROC as 24 on the generator's tasks at 100k and 1M users (bench/results/perf-findings.md, "Round five,
    /// training"), and such refits are the costly ones; smaller sets keep 24 (their models are pinned).</summary>
    public const int LargeNewtonRefitPasses = 16;

    /// <summary>L-BFGS pairs kept by a CV fit.</summary>
    public const int CvMemory = 8;

    /// <summary>The objective of a CV fold's fits on <paramref name="rows"/>, <paramref name="excluded"/> held out: built once
    /// per fold and moved along the C path (<see cref="SparseLogisticObjective.C"/>).</summary>
    public static SparseLogisticObjective CvObjective(LinearDesign design, int[] rows, LinearSettings settings, (int, int)? excluded) =>
        new(design, rows, 1, settings.Penalty(design, rows), excluded);

    /// <summary>
    /// A CV fit at the objective's C: L-BFGS from <paramref name="p"/> (warm start, updated in place) with loose tolerances
    /// (≤ 50 iterations, relative decrease 1e-4), in <paramref name="workspace"/> (<see cref="CvMemory"/> pairs); returns the
    /// L-BFGS iterations.
    /// </summary>
    public static int Minimize(SparseLogisticObjective objective, double[] p, LbfgsWorkspace workspace) =>
        Lbfgs.Minimize(objective.Evaluate, p, maxIterations: 50, gradientTolerance: 1e-5, memory: CvMemory, functionTolerance: 1e-4, workspace);

    /// <summary>
    /// The refit on all of <paramref name="design"/>'s rows from <paramref name="p"/> (updated in place); returns the passes
    /// over the data (objective evaluations, Hessian products; at most about <paramref name="newtonPasses"/> for a Newton
    /// refit). At weak regularisation (C above <see cref="MaxNewtonC"/>)
    /// L-BFGS stopped early (≤ 40 iterations, relative decrease 1e-6) as the CV fits that chose C were: there the early
    /// stop is part of the model (a converged refit at C = 256 lost 0.002 test AUROC on the generator's shared_token). At
    /// strong regularisation the problem is well conditioned, and truncated Newton gets below L-BFGS's 40-iteration
    /// objective within ≈ 20 passes (bench/results/perf-findings.md, "Round three, training").
    /// </summary>
    public static int Refit(LinearDesign design, double c, double[] p, LinearSettings settings, int newtonPasses = NewtonRefitPasses)
    {
        int[] rows = Enumerable.Range(0, design.Labels.Length).ToArray();
        var objective = new SparseLogisticObjective(design, rows, c, settings.Penalty(design, rows));
        if (c <= MaxNewtonC)
            return NewtonCg.Minimize(objective.Evaluate, objective.HessianVector, objective.HessianDiagonal, p, newtonPasses,
                gradientTolerance: 1e-5, functionTolerance: 1e-6).Passes;
        int evaluations = 0;
        Lbfgs.Minimize((x, g) => { evaluations++; return objective.Evaluate(x, g); }, p, maxIterations: 40, gradientTolerance: 1e-5,
            memory: 8, functionTolerance: 1e-6);
        return evaluations;
    }
}
