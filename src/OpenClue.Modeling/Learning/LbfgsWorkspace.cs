namespace OpenClue.Modeling.Learning;

/// <summary>
/// The vectors of an <see cref="Lbfgs"/> run, kept across the fits of a C path so that each fit does not allocate (and
/// the kernel clear) 2·memory + 4 parameter-sized arrays anew. Every entry is written before it is read, so a reused
/// workspace gives exactly the result of a fresh one.
/// </summary>
internal sealed class LbfgsWorkspace
{
    public LbfgsWorkspace(int parameters, int memory)
    {
        Gradient = new double[parameters];
        NextPoint = new double[parameters];
        NextGradient = new double[parameters];
        Direction = new double[parameters];
        S = new double[memory][];
        Y = new double[memory][];
        for (int k = 0; k < memory; k++)
        {
            S[k] = new double[parameters];
            Y[k] = new double[parameters];
        }
        Rho = new double[memory];
        Alpha = new double[memory];
    }

    public double[] Gradient { get; }
    public double[] NextPoint { get; }
    public double[] NextGradient { get; }
    public double[] Direction { get; }
    public double[][] S { get; }
    public double[][] Y { get; }
    public double[] Rho { get; }
    public double[] Alpha { get; }
    public int Parameters => Gradient.Length;
    public int Memory => Rho.Length;
}
