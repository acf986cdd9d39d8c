using System.Runtime.InteropServices;
using OpenClue.Modeling.Encoding;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// Which labelled training users a task holds in memory and fits on: each with the same probability, decided by a
/// seeded hash of its id — so the sample is known while the feature files stream past, does not depend on their order
/// or sharding, and never needs the users that are left out. The probability keeps about <c>maxUsers</c> users, raised
/// so that the rarer class keeps about <c>minRarerClass</c> (where it has them); 1 when all fit.
/// </summary>
internal sealed class FitSample
{
    private readonly ulong _threshold; // keep when hash < threshold (2^32 = all)
    private readonly uint _seed;

    private FitSample(double probability, int seed)
    {
        Probability = probability;
        _threshold = (ulong)Math.Ceiling(probability * 4294967296.0);
        _seed = (uint)seed ^ 0xF175A3C1u;
    }

    /// <summary>Share of the training users kept (1 = all).</summary>
    public double Probability { get; }

    /// <summary>The sample for these labels: training users are those labelled for training and not for test (D16).</summary>
    public static FitSample For(IReadOnlyDictionary<string, byte> trainLabels, IReadOnlyDictionary<string, byte> testLabels, int maxUsers, int minRarerClass, int seed)
    {
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(testLabels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxUsers);
        var perClass = new long[2];
        foreach ((string id, byte label) in trainLabels) if (!testLabels.ContainsKey(id)) perClass[label & 1]++;
        long total = perClass[0] + perClass[1], rarer = Math.Min(perClass[0], perClass[1]);
        double probability = total <= maxUsers ? 1 : Math.Max((double)maxUsers / total, rarer == 0 ? 0 : Math.Min(1, (double)minRarerClass / rarer));
        return new FitSample(Math.Min(1, probability), seed);
    }

    public bool Keeps(string userId) => _threshold > uint.MaxValue || XxHash32.Hash(MemoryMarshal.AsBytes(userId.AsSpan()), _seed) < _threshold;
}
