namespace OpenClue.Cli.Output;

internal enum OutputFormat
{
    Table,
    Json,
}
