namespace OpenClue.Cli.Errors;

/// <summary>A failure the CLI explains itself: one sentence for the person, and the exit code to end with.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);
}
