namespace OpenClue.Modeling.Learning;

/// <summary>Step 5 of <see cref="TaskTrainer"/>: Platt scaling of the chosen out-of-fold scores.</summary>
internal static class PlattCalibration
{
    /// <summary>a, b minimising the (unweighted) log-loss of σ(a·s + b), by Newton's method; (1, 0) rather than a
    /// ranking inverted or undefined.</summary>
    public static (double A, double B) Fit(double[] s, byte[] y)
    {
        double a = 1, b = 0;
        for (int it = 0; it < 50; it++)
        {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (int i = 0; i < s.Length; i++)
            {
                double p = TaskModel.Sigmoid(a * s[i] + b), r = p - y[i], w = p * (1 - p);
                ga += r * s[i]; gb += r;
                haa += w * s[i] * s[i]; hab += w * s[i]; hbb += w;
            }
            double det = haa * hbb - hab * hab;
            if (Math.Abs(det) < 1e-18) break;
            double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
            a -= da; b -= db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-10) break;
        }
        if (!(a > 0) || double.IsNaN(b)) (a, b) = (1, 0); // never invert the ranking
        return (a, b);
    }
}
