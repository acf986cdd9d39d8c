using OpenClue.Modeling.Learning;

namespace OpenClue.Modeling.Tests;

public sealed class StratifiedFoldsTests
{
    [Fact]
    public void Folds_are_balanced_per_class_and_seeded()
    {
        byte[] labels = Enumerable.Range(0, 90).Select(i => (byte)(i < 30 ? 1 : 0)).ToArray();
        int[] folds = StratifiedFolds.Assign(labels, 3, seed: 9);
        for (int f = 0; f < 3; f++)
        {
            Assert.Equal(10, Enumerable.Range(0, 90).Count(i => folds[i] == f && labels[i] == 1));
            Assert.Equal(20, Enumerable.Range(0, 90).Count(i => folds[i] == f && labels[i] == 0));
        }
        Assert.Equal(folds, StratifiedFolds.Assign(labels, 3, seed: 9));
        Assert.NotEqual(folds, StratifiedFolds.Assign(labels, 3, seed: 10));
    }
}
