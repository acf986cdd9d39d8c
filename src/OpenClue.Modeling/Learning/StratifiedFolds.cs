namespace OpenClue.Modeling.Learning;

/// <summary>Stratified cross-validation folds, deterministic for a seed.</summary>
public static class StratifiedFolds
{
    /// <summary>Each class is shuffled with the seed, then dealt round-robin into <paramref name="folds"/> folds.</summary>
    public static int[] Assign(ReadOnlySpan<byte> labels, int folds, int seed)
    {
        var fold = new int[labels.Length];
        var random = new Random(seed);
        for (int label = 0; label <= 1; label++)
        {
            var members = new List<int>();
            for (int i = 0; i < labels.Length; i++) if (labels[i] == label) members.Add(i);
            for (int i = members.Count - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (members[i], members[j]) = (members[j], members[i]);
            }
            for (int k = 0; k < members.Count; k++) fold[members[k]] = k % folds;
        }
        return fold;
    }
}
