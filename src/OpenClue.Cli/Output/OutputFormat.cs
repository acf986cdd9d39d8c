namespace OpenClue.Cli.Output;

/// <summary><c>--output</c>: <c>table</c> for people (the default on a terminal), <c>tsv</c> for pipes (the default
/// when stdout is not a terminal), <c>json</c> for programs.</summary>
internal enum OutputFormat
{
    Table,
    Tsv,
    Json,
}
