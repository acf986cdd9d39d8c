using OpenClue.Cli.Output;
using OpenClue.Client.Contracts;

namespace OpenClue.Cli.Tests;

public class RocChartTests
{
    private static readonly RocPoint[] Perfect = [new(0, 0, 1), new(0, 1, 0.5), new(1, 1, 0)];

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 1.0)]
    public void A_perfect_curve_reaches_full_true_positive_rate_at_once(double fpr, double tpr) =>
        Assert.Equal(tpr, RocChart.TprAt(Perfect, fpr), 6);

    [Fact]
    public void Between_points_the_rate_is_interpolated()
    {
        RocPoint[] roc = [new(0.2, 0.6, 0.7), new(0.6, 0.8, 0.3)];
        Assert.Equal(0.3, RocChart.TprAt(roc, 0.1), 6);
        Assert.Equal(0.7, RocChart.TprAt(roc, 0.4), 6);
        Assert.Equal(0.9, RocChart.TprAt(roc, 0.8), 6);
    }

    [Fact]
    public void The_perfect_curve_is_drawn_along_the_top_with_the_chance_diagonal_below()
    {
        var lines = RocChart.Render(Perfect, width: 11, height: 6);

        Assert.Equal("1.0 |***********", lines[0]);
        Assert.StartsWith("0.0 |·", lines[5]);
        Assert.DoesNotContain('*', lines[5]);
        Assert.Equal("    +-----------", lines[6]);
        Assert.Contains('·', lines[3]);
    }
}
