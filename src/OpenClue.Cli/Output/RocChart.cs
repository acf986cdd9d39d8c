using OpenClue.Client.Contracts;

namespace OpenClue.Cli.Output;

/// <summary>Draws a ROC curve as text: true-positive rate up, false-positive rate across, the chance diagonal dotted.</summary>
internal static class RocChart
{
    public static IReadOnlyList<string> Render(IReadOnlyList<RocPoint> roc, int width = 41, int height = 16)
    {
        var grid = new char[height][];
        for (var row = 0; row < height; row++) grid[row] = Enumerable.Repeat(' ', width).ToArray();
        for (var column = 0; column < width; column++)
        {
            var x = column / (double)(width - 1);
            grid[RowOf(x, height)][column] = '·';
            grid[RowOf(TprAt(roc, x), height)][column] = '*';
        }

        var lines = new List<string>(height + 3);
        for (var row = 0; row < height; row++)
        {
            var axis = row == 0 ? "1.0 |" : row == height - 1 ? "0.0 |" : row == height / 2 ? "TPR |" : "    |";
            lines.Add(axis + new string(grid[row]));
        }
        lines.Add("    +" + new string('-', width));
        lines.Add("     0.0" + "FPR".PadLeft(width / 2 - 2) + "1.0".PadLeft(width - width / 2 - 4));
        return lines;
    }

    /// <summary>The curve's true-positive rate at false-positive rate <paramref name="x"/>, linear between points.</summary>
    public static double TprAt(IReadOnlyList<RocPoint> roc, double x)
    {
        var points = roc.OrderBy(p => p.Fpr).ThenBy(p => p.Tpr).Prepend(new RocPoint(0, 0, null)).Append(new RocPoint(1, 1, null)).ToList();
        for (var i = 1; i < points.Count; i++)
        {
            var (a, b) = (points[i - 1], points[i]);
            if (x > b.Fpr) continue;
            // A vertical step: the best rate reached at this false-positive rate.
            if (b.Fpr - a.Fpr <= 1e-12) return points.Where(p => Math.Abs(p.Fpr - x) <= 1e-12).Max(p => p.Tpr);
            return a.Tpr + (b.Tpr - a.Tpr) * (x - a.Fpr) / (b.Fpr - a.Fpr);
        }
        return 1;
    }

    private static int RowOf(double y, int height) => height - 1 - (int)Math.Round(Math.Clamp(y, 0, 1) * (height - 1));
}
