using OpenClue.Modeling.Learning;

namespace OpenClue.Modeling.Tests;

public class AurocTests
{
    [Fact]
    public void PerfectAndInvertedRankings()
    {
        Assert.Equal(1.0, Auroc.Compute([0.1f, 0.2f, 0.8f, 0.9f], [0, 0, 1, 1]));
        Assert.Equal(0.0, Auroc.Compute([0.9f, 0.8f, 0.2f, 0.1f], [0, 0, 1, 1]));
    }

    [Fact]
    public void HandComputedWithoutTies()
    {
        // Positives 0.8, 0.4; negatives 0.5, 0.3, 0.1. Pairs won: 0.8 beats 3, 0.4 beats 2 → 5/6.
        Assert.Equal(5.0 / 6, Auroc.Compute([0.8f, 0.5f, 0.4f, 0.3f, 0.1f], [1, 0, 1, 0, 0]), 12);
    }

    [Fact]
    public void TiesGetHalfCredit()
    {
        // All equal → 0.5.
        Assert.Equal(0.5, Auroc.Compute([0.3f, 0.3f, 0.3f], [1, 0, 0]));
        // Positives 0.5, 0.7; negatives 0.5, 0.2. Pairs: (0.5 vs 0.5) ½, (0.5 vs 0.2) 1, (0.7 vs 0.5) 1, (0.7 vs 0.2) 1 → 3.5/4.
        Assert.Equal(0.875, Auroc.Compute([0.5f, 0.7f, 0.5f, 0.2f], [1, 1, 0, 0]), 12);
    }

    [Fact]
    public void MatchesBruteForceOnRandomData()
    {
        var random = new Random(7);
        int n = 500;
        var scores = new float[n];
        var labels = new byte[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = (byte)random.Next(2);
            scores[i] = random.Next(20) / 20f + labels[i] * 0.1f; // many ties
        }
        double wins = 0, pairs = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (labels[i] == 1 && labels[j] == 0)
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
        Assert.Equal(wins / pairs, Auroc.Compute(scores, labels), 12);
    }

    [Fact]
    public void RejectsMissingClassAndBadInput()
    {
        Assert.Throws<ArgumentException>(() => Auroc.Compute([0.1f, 0.2f], [1, 1]));
        Assert.Throws<ArgumentException>(() => Auroc.Compute([0.1f, 0.2f], [0, 0]));
        Assert.Throws<ArgumentException>(() => Auroc.Compute([], []));
        Assert.Throws<ArgumentException>(() => Auroc.Compute([0.1f], [0, 1]));
        Assert.Throws<ArgumentException>(() => Auroc.Compute([0.1f, float.NaN], [0, 1]));
        Assert.Throws<ArgumentException>(() => Auroc.Compute([0.1f, 0.2f], [0, 2]));
    }
}
