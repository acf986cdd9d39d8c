using System.Buffers;

namespace OpenClue.Modeling.Learning;

/// <summary>Area under the ROC curve.</summary>
public static class Auroc
{
    /// <summary>
    /// AUROC via the Mann–Whitney U statistic: the probability that a random positive scores above a random negative,
    /// ties counting one half. O(n log n). Throws <see cref="ArgumentException"/> when lengths differ, a label is not
    /// 0/1, a score is NaN, or either class is absent.
    /// </summary>
    public static double Compute(ReadOnlySpan<float> scores, ReadOnlySpan<byte> labels)
    {
        if (scores.Length != labels.Length) throw new ArgumentException("scores and labels differ in length.");
        int n = scores.Length;
        float[] keys = ArrayPool<float>.Shared.Rent(n);
        byte[] items = ArrayPool<byte>.Shared.Rent(n);
        try
        {
            scores.CopyTo(keys);
            labels.CopyTo(items);
            for (int i = 0; i < n; i++)
            {
                if (float.IsNaN(keys[i])) throw new ArgumentException("scores contain NaN.", nameof(scores));
                if (items[i] > 1) throw new ArgumentException("labels must be 0 or 1.", nameof(labels));
            }
            Array.Sort(keys, items, 0, n);

            long positives = 0;
            double positiveRankSum = 0; // 1-based ranks, tied groups share their average rank
            for (int start = 0; start < n;)
            {
                int end = start + 1;
                while (end < n && keys[end] == keys[start]) end++;
                int groupPositives = 0;
                for (int k = start; k < end; k++) groupPositives += items[k];
                positiveRankSum += groupPositives * ((start + 1 + end) / 2.0);
                positives += groupPositives;
                start = end;
            }
            long negatives = n - positives;
            if (positives == 0 || negatives == 0) throw new ArgumentException("AUROC needs both labels 0 and 1.", nameof(labels));
            return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(keys);
            ArrayPool<byte>.Shared.Return(items);
        }
    }
}
