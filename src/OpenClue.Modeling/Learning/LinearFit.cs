namespace OpenClue.Modeling.Learning;

/// <summary>One L-BFGS fit of the class-balanced L2 logistic regression (<see cref="SparseLogisticObjective"/>) at one C.</summary>
internal static class LinearFit
{
    /// <summary>
    /// Minimises from <paramref name="p"/> (warm start, updated in place) and returns the L-BFGS iterations. CV fits use
    /// loose tolerances (≤ 50 iterations, relative decrease 1e-4), the refit tighter ones (≤ 40, 1e-6).
    /// </summary>
    public static int Minimize(LinearDesign design, int[] rows, double c, double[] p, bool cv, LinearSettings settings, (int, int)? excluded = null)
    {
        var objective = new SparseLogisticObjective(design, rows, c, settings.Penalty(design, rows), excluded);
        return Lbfgs.Minimize(objective.Evaluate, p, maxIterations: cv ? 50 : 40, gradientTolerance: 1e-5, memory: 8, functionTolerance: cv ? 1e-4 : 1e-6);
    }
}
