namespace OpenClue.Modeling.Data;

/// <summary>
/// A dataset file violates the input rules. <see cref="FailMessage"/> is one of <see cref="FailMessages"/>;
/// <see cref="Details"/> is the sentence a tenant sees as <c>fail_details</c>: the file, the line and an excerpt of
/// the value at fault (never a value that looks like personal data).
/// </summary>
public sealed class DatasetException : Exception
{
    public DatasetException(string failMessage, string? sourceName, long lineNumber, string detail)
        : base(FormatMessage(failMessage, sourceName, lineNumber, detail))
    {
        FailMessage = failMessage;
        SourceName = sourceName;
        LineNumber = lineNumber;
        Detail = detail;
    }

    public DatasetException(string failMessage, string? sourceName, long lineNumber, string detail, Exception innerException)
        : base(FormatMessage(failMessage, sourceName, lineNumber, detail), innerException)
    {
        FailMessage = failMessage;
        SourceName = sourceName;
        LineNumber = lineNumber;
        Detail = detail;
    }

    /// <summary>One of the <see cref="FailMessages"/> constants.</summary>
    public string FailMessage { get; }

    /// <summary>The <see cref="DatasetPart.Name"/> of the offending file, or null when the failure concerns the whole dataset.</summary>
    public string? SourceName { get; }

    /// <summary>1-based line number in the (decompressed) file, or 0 when not tied to a line.</summary>
    public long LineNumber { get; }

    /// <summary>What is wrong, without file and line (may quote an excerpt of the value, see <see cref="Excerpt"/>).</summary>
    public string Detail { get; }

    /// <summary>
    /// The detail as a sentence with its file and line, for the resource's <c>fail_details</c>. A byte range of a
    /// large file (<c>key@offset</c>) counts its lines from the range's start.
    /// </summary>
    public string Details
    {
        get
        {
            var sentence = char.ToUpperInvariant(Detail[0]) + Detail[1..].TrimEnd('.');
            if (SourceName is null) return sentence + ".";
            var at = SourceName.LastIndexOf('@');
            var offset = at > 0 && long.TryParse(SourceName.AsSpan(at + 1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var start) ? start : -1;
            var file = offset >= 0 ? SourceName[..at] : SourceName;
            var line = LineNumber <= 0 ? ""
                : offset > 0 ? $", line {LineNumber} of the part starting at byte {offset}"
                : $", line {LineNumber}";
            return $"{sentence} ({file}{line}).";
        }
    }

    /// <summary>
    /// The start of a value at fault, quoted for a message: at most 40 characters, control characters shown as
    /// <c>\t</c>, <c>\uXXXX</c>; a value that looks like personal data is withheld.
    /// </summary>
    public static string Excerpt(ReadOnlySpan<char> value)
    {
        if (PersonalDataDetector.Contains(value)) return "(withheld: it looks like personal data)";
        var text = new System.Text.StringBuilder("'");
        foreach (var c in value.Length > 40 ? value[..40] : value)
            text.Append(c switch { '\t' => "\\t", < ' ' => $"\\u{(int)c:X4}", _ => c.ToString() });
        return text.Append(value.Length > 40 ? "…'" : "'").ToString();
    }

    private static string FormatMessage(string failMessage, string? sourceName, long lineNumber, string detail) =>
        lineNumber > 0
            ? $"{failMessage}: {detail} ({sourceName ?? "dataset"}, line {lineNumber})"
            : $"{failMessage}: {detail} ({sourceName ?? "dataset"})";
}
