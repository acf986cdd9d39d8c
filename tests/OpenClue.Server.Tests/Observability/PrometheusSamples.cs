using System.Globalization;
using System.Text.RegularExpressions;

namespace OpenClue.Server.Tests.Observability;

/// <summary>Reads samples out of Prometheus text exposition (labels in any order, extra labels allowed).</summary>
internal static partial class PrometheusSamples
{
    /// <summary>The sum of the samples named <paramref name="name"/> carrying every given label, or null when none does.</summary>
    public static double? Value(string text, string name, params (string Label, string Value)[] labels)
    {
        double? total = null;
        foreach (var line in text.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (!match.Success || match.Groups["name"].Value != name) continue;
            var present = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            if (labels.Any(l => !present.TryGetValue(l.Label, out var v) || v != l.Value)) continue;
            total = (total ?? 0) + double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }
        return total;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>[^ ]+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LabelPair();
}
