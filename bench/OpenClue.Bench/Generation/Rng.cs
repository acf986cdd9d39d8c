namespace OpenClue.Bench.Generation;

/// <summary>
/// SplitMix64: tiny, fast and good enough for synthetic data. Every user gets its own stream derived from
/// (seed, user, purpose), so the output is identical whatever the thread count or the batch size.
/// </summary>
public struct Rng(ulong state)
{
    private ulong _state = state;

    public static ulong Mix(ulong a, ulong b = 0, ulong c = 0)
    {
        ulong z = a * 0x9E3779B97F4A7C15UL ^ (b + 0x632BE59BD9B4E019UL) * 0xBF58476D1CE4E5B9UL ^ (c + 0x94D049BB133111EBUL) * 0xD6E8FEB86659FD93UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static Rng For(ulong seed, ulong user, ulong purpose) => new(Mix(seed, user, purpose));

    public ulong NextU64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextU64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, n).</summary>
    public int Next(int n) => (int)((NextU64() >> 33) * (ulong)n >> 31);

    /// <summary>Uniform in [lo, hi] (both inclusive).</summary>
    public int Between(int lo, int hi) => lo + Next(hi - lo + 1);

    public bool Chance(double p) => NextDouble() < p;

    public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    public double Gaussian()
    {
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Number of failures before the first success, mean (1 - p) / p.</summary>
    public int Geometric(double mean)
    {
        double p = 1.0 / (1.0 + mean);
        return (int)Math.Floor(Math.Log(1.0 - NextDouble()) / Math.Log(1.0 - p));
    }

    public T Pick<T>(T[] items) => items[Next(items.Length)];

    /// <summary>Index drawn from a cumulative weight table.</summary>
    public int FromCdf(double[] cdf)
    {
        double x = NextDouble() * cdf[^1];
        int i = Array.BinarySearch(cdf, x);
        if (i < 0) i = ~i;
        return Math.Min(i, cdf.Length - 1);
    }
}
