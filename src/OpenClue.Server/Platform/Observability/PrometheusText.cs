using System.Globalization;

namespace OpenClue.Server.Platform.Observability;

/// <summary>Writers for the Prometheus text exposition format 0.0.4.</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void WriteHeader(TextWriter writer, string name, string help, string type)
    {
        writer.Write($"# HELP {name} {EscapeHelp(help)}\n");
        writer.Write($"# TYPE {name} {type}\n");
    }

    public static void WriteSample(TextWriter writer, string name, IReadOnlyList<Label> labels, double value)
    {
        writer.Write(name);
        if (labels.Count > 0)
        {
            writer.Write('{');
            for (var i = 0; i < labels.Count; i++)
            {
                if (i > 0) writer.Write(',');
                writer.Write($"{labels[i].Name}=\"{EscapeLabelValue(labels[i].Value)}\"");
            }
            writer.Write('}');
        }
        writer.Write($" {FormatValue(value)}\n");
    }

    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    // HELP text escapes only backslash and newline; label values also escape the double quote.
    private static string EscapeHelp(string help) => help.Replace("\\", @"\\").Replace("\n", @"\n");

    private static string EscapeLabelValue(string value) =>
        value.Replace("\\", @"\\").Replace("\"", "\\\"").Replace("\n", @"\n");
}
