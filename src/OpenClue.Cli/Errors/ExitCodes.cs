namespace OpenClue.Cli.Errors;

/// <summary>The documented exit codes of <c>openclue</c>.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int JobFailed = 1;
    public const int Usage = 2;
    public const int ApiError = 3;
    public const int Unreachable = 4;
    /// <summary>Interrupted with Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
