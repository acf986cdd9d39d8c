using System.Numerics.Tensors;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// Limited-memory BFGS with a backtracking (Armijo) line search, in double precision. Deterministic: no randomness,
/// fixed iteration order.
/// </summary>
internal static class Lbfgs
{
    // Near the optimum float rounding in the objective makes Armijo fail forever; give up after 2^-20.
    private const int MaxLineSearchSteps = 20;

    public delegate double Objective(double[] point, double[] gradient);

    /// <summary>Minimises from <paramref name="x"/> (updated in place); returns the iterations used. A
    /// <paramref name="workspace"/> of x's length and this memory is used instead of fresh vectors (same result).</summary>
    public static int Minimize(Objective objective, double[] x, int maxIterations, double gradientTolerance, int memory = 10, double functionTolerance = 1e-12,
        LbfgsWorkspace? workspace = null)
    {
        int n = x.Length;
        if (workspace is null || workspace.Parameters != n || workspace.Memory != memory) workspace = new LbfgsWorkspace(n, memory);
        double[] g = workspace.Gradient, xNew = workspace.NextPoint, gNew = workspace.NextGradient, direction = workspace.Direction;
        double[][] s = workspace.S, y = workspace.Y;
        double[] rho = workspace.Rho, alpha = workspace.Alpha;
        int stored = 0, newest = -1;

        double f = objective(x, g);
        int iteration = 0;
        for (; iteration < maxIterations && MaxAbs(g) > gradientTolerance; iteration++)
        {
            // Two-loop recursion: direction = −H·g.
            TensorPrimitives.Negate<double>(g, direction);
            for (int m = 0; m < stored; m++)
            {
                int k = (newest - m + memory) % memory;
                alpha[k] = rho[k] * Dot(s[k], direction);
                Axpy(-alpha[k], y[k], direction);
            }
            if (stored > 0)
            {
                double gamma = Dot(s[newest], y[newest]) / Dot(y[newest], y[newest]);
                TensorPrimitives.Multiply(direction, gamma, direction);
            }
            for (int m = stored - 1; m >= 0; m--)
            {
                int k = (newest - m + memory) % memory;
                double beta = rho[k] * Dot(y[k], direction);
                Axpy(alpha[k] - beta, s[k], direction);
            }

            double slope = Dot(direction, g);
            if (!(slope < 0))
            {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                for (int i = 0; i < n; i++) direction[i] = -g[i];
                slope = -Dot(g, g);
                stored = 0;
            }

            double step = stored == 0 ? Math.Min(1.0, 1.0 / Math.Sqrt(-slope)) : 1.0;
            double fNew = double.NaN;
            bool accepted = false;
            for (int attempt = 0; attempt < MaxLineSearchSteps; attempt++, step *= 0.5)
            {
                TensorPrimitives.MultiplyAdd(direction, step, x, xNew);
                fNew = objective(xNew, gNew);
                if (fNew <= f + 1e-4 * step * slope) { accepted = true; break; }
            }
            if (!accepted) break; // cannot decrease further at double precision

            newest = (newest + 1) % memory;
            TensorPrimitives.Subtract<double>(xNew, x, s[newest]);
            TensorPrimitives.Subtract<double>(gNew, g, y[newest]);
            double sy = Dot(s[newest], y[newest]);
            if (sy > 1e-16)
            {
                rho[newest] = 1 / sy;
                stored = Math.Min(stored + 1, memory);
            }
            else
            {
                newest = (newest - 1 + memory) % memory; // curvature condition failed: keep the old pairs
            }

            bool stalled = f - fNew <= functionTolerance * Math.Max(1.0, Math.Abs(f));
            Array.Copy(xNew, x, n);
            Array.Copy(gNew, g, n);
            f = fNew;
            if (stalled) break;
        }
        return iteration;
    }

    // Vectorised (the two-loop recursion touches 2·memory vectors of every parameter per iteration); deterministic on
    // a given machine.
    private static double Dot(double[] a, double[] b) => TensorPrimitives.Dot<double>(a, b);

    private static void Axpy(double a, double[] x, double[] y) => TensorPrimitives.MultiplyAdd(x, a, y, y);

    private static double MaxAbs(double[] v) => v.Length == 0 ? 0 : Math.Abs(TensorPrimitives.MaxMagnitude<double>(v));
}
