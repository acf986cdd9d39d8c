using System.Security.Cryptography;
using OpenClue.Modeling.Learning;

namespace OpenClue.Modeling.Tests;

public class HoldoutSplitTests
{
    private static (List<string> Ids, List<byte> Labels) Users(int positives, int negatives)
    {
        var ids = new List<string>();
        var labels = new List<byte>();
        for (int i = 0; i < positives; i++) { ids.Add($"p{i}"); labels.Add(1); }
        for (int i = 0; i < negatives; i++) { ids.Add($"n{i}"); labels.Add(0); }
        return (ids, labels);
    }

    [Theory]
    [InlineData(10, 90, 2, 18)]
    [InlineData(7, 13, 1, 2)]   // floor(1.4), floor(2.6)
    [InlineData(4, 4, 0, 0)]
    [InlineData(5, 0, 1, 0)]
    public void HoldsOutFloorOfTwentyPercentPerClass(int positives, int negatives, int heldPositives, int heldNegatives)
    {
        var (ids, labels) = Users(positives, negatives);
        bool[] held = HoldoutSplit.SelectHeldOut("task-1", ids, labels);
        Assert.Equal(heldPositives, Enumerable.Range(0, ids.Count).Count(i => held[i] && labels[i] == 1));
        Assert.Equal(heldNegatives, Enumerable.Range(0, ids.Count).Count(i => held[i] && labels[i] == 0));
    }

    [Fact]
    public void HeldOutUsersAreThoseWithTheSmallestDigests()
    {
        var (ids, labels) = Users(0, 10);
        bool[] held = HoldoutSplit.SelectHeldOut("t", ids, labels);
        string[] expected = ids.OrderBy(id => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("t:" + id))), StringComparer.Ordinal)
            .Take(2).Order().ToArray();
        Assert.Equal(expected, ids.Where((_, i) => held[i]).Order().ToArray());
    }

    [Fact]
    public void DeterministicOrderIndependentAndTaskDependent()
    {
        var (ids, labels) = Users(50, 150);
        bool[] a = HoldoutSplit.SelectHeldOut("task-1", ids, labels);
        Assert.Equal(a, HoldoutSplit.SelectHeldOut("task-1", ids, labels));

        var reversedIds = Enumerable.Reverse(ids).ToList();
        var reversedLabels = Enumerable.Reverse(labels).ToList();
        bool[] r = HoldoutSplit.SelectHeldOut("task-1", reversedIds, reversedLabels);
        Assert.Equal(ids.Where((_, i) => a[i]).Order(), reversedIds.Where((_, i) => r[i]).Order());

        Assert.NotEqual(a, HoldoutSplit.SelectHeldOut("task-2", ids, labels));
    }

    [Fact]
    public void RejectsMismatchedInput()
    {
        Assert.Throws<ArgumentException>(() => HoldoutSplit.SelectHeldOut("t", ["a"], []));
        Assert.Throws<ArgumentException>(() => HoldoutSplit.SelectHeldOut("t", ["a"], [3]));
    }
}
