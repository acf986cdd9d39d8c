using System.Numerics.Tensors;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// Truncated Newton (line-search Newton–CG) for a smooth convex objective: each iteration solves H·d = −g approximately
/// by conjugate gradients preconditioned with the Hessian's diagonal, stopped once the residual falls below
/// min(½, √(‖g‖/‖g₀‖))·‖g‖ (looser far from the optimum, tighter near it), then backtracks along d from the full step
/// (Armijo). A Hessian-vector product costs one pass over the data, as an evaluation does, and there is no per-iteration
/// work over stored pairs (L-BFGS's two-loop). Deterministic: no randomness, fixed order.
/// </summary>
internal static class NewtonCg
{
    private const int MaxLineSearchSteps = 20;

    /// <summary>
    /// Minimises from <paramref name="x"/> (updated in place). <paramref name="hessianVector"/> and
    /// <paramref name="hessianDiagonal"/> are taken at the point of the last <paramref name="objective"/> call. Stops
    /// after about <paramref name="maxPasses"/> passes (evaluations, Hessian products and diagonals), when the largest
    /// gradient entry is at most <paramref name="gradientTolerance"/>, or when an iteration decreases the objective by at
    /// most <paramref name="functionTolerance"/> relative. Returns the Newton iterations and the passes used.
    /// </summary>
    public static (int Iterations, int Passes, bool Converged) Minimize(Lbfgs.Objective objective, Action<double[], double[]> hessianVector,
        Action<double[]> hessianDiagonal, double[] x, int maxPasses, double gradientTolerance, double functionTolerance)
    {
        int n = x.Length;
        var g = new double[n];
        var xNew = new double[n];
        var gNew = new double[n];
        var d = new double[n];
        var r = new double[n];
        var z = new double[n];
        var p = new double[n];
        var hp = new double[n];
        var diagonal = new double[n];
        double f = objective(x, g);
        int passes = 1, iteration = 0;
        double g0 = Norm(g);
        bool converged = false;
        while (passes < maxPasses)
        {
            if (MaxAbs(g) <= gradientTolerance) { converged = true; break; }
            hessianDiagonal(diagonal);
            passes++;
            for (int j = 0; j < n; j++) if (!(diagonal[j] > 0)) diagonal[j] = 1;
            double gNorm = Norm(g), eta = Math.Min(0.5, Math.Sqrt(gNorm / g0));
            // Preconditioned CG on H·d = −g from d = 0.
            Array.Clear(d);
            TensorPrimitives.Negate<double>(g, r);
            TensorPrimitives.Divide<double>(r, diagonal, z);
            Array.Copy(z, p, n);
            double rz = Dot(r, z);
            bool moved = false;
            while (passes < maxPasses)
            {
                hessianVector(p, hp);
                passes++;
                double curvature = Dot(p, hp);
                if (!(curvature > 0)) break;
                double a = rz / curvature;
                TensorPrimitives.MultiplyAdd(p, a, d, d);
                TensorPrimitives.MultiplyAdd(hp, -a, r, r);
                moved = true;
                if (Norm(r) <= eta * gNorm) break;
                TensorPrimitives.Divide<double>(r, diagonal, z);
                double rzNew = Dot(r, z);
                TensorPrimitives.MultiplyAdd(p, rzNew / rz, z, p);
                rz = rzNew;
            }
            if (!moved)
            {
                // No positive curvature along the first direction: the preconditioned steepest descent step.
                TensorPrimitives.Divide<double>(g, diagonal, d);
                TensorPrimitives.Negate<double>(d, d);
            }
            double slope = Dot(g, d);
            if (!(slope < 0))
            {
                TensorPrimitives.Negate<double>(g, d);
                slope = -Dot(g, g);
            }
            double step = 1, fNew = double.NaN;
            bool accepted = false;
            for (int attempt = 0; attempt < MaxLineSearchSteps; attempt++, step *= 0.5)
            {
                TensorPrimitives.MultiplyAdd(d, step, x, xNew);
                fNew = objective(xNew, gNew);
                passes++;
                if (fNew <= f + 1e-4 * step * slope) { accepted = true; break; }
            }
            if (!accepted) break; // cannot decrease further at double precision
            iteration++;
            bool stalled = f - fNew <= functionTolerance * Math.Max(1.0, Math.Abs(f));
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            f = fNew;
            if (stalled) { converged = true; break; }
        }
        return (iteration, passes, converged);
    }

    private static double Dot(double[] a, double[] b) => TensorPrimitives.Dot<double>(a, b);

    private static double Norm(double[] v) => Math.Sqrt(Dot(v, v));

    private static double MaxAbs(double[] v) => v.Length == 0 ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude<double>(v));
}
