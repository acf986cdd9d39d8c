namespace OpenClue.Modeling.Data;

/// <summary>
/// A dataset file violates the input rules. <see cref="FailMessage"/> is one of <see cref="FailMessages"/> and is the only
/// part shown to API users; <see cref="Exception.Message"/> names the file and line and is meant for server logs only
/// (it may quote user data).
/// </summary>
public sealed class DatasetException : Exception
{
    public DatasetException(string failMessage, string? sourceName, long lineNumber, string detail)
        : base(FormatMessage(failMessage, sourceName, lineNumber, detail))
    {
        FailMessage = failMessage;
        SourceName = sourceName;
        LineNumber = lineNumber;
    }

    public DatasetException(string failMessage, string? sourceName, long lineNumber, string detail, Exception innerException)
        : base(FormatMessage(failMessage, sourceName, lineNumber, detail), innerException)
    {
        FailMessage = failMessage;
        SourceName = sourceName;
        LineNumber = lineNumber;
    }

    /// <summary>One of the <see cref="FailMessages"/> constants.</summary>
    public string FailMessage { get; }

    /// <summary>The <see cref="DatasetPart.Name"/> of the offending file, or null when the failure concerns the whole dataset.</summary>
    public string? SourceName { get; }

    /// <summary>1-based line number in the (decompressed) file, or 0 when not tied to a line.</summary>
    public long LineNumber { get; }

    private static string FormatMessage(string failMessage, string? sourceName, long lineNumber, string detail) =>
        lineNumber > 0
            ? $"{failMessage}: {detail} ({sourceName ?? "dataset"}, line {lineNumber})"
            : $"{failMessage}: {detail} ({sourceName ?? "dataset"})";
}
