using System.CommandLine;
using OpenClue.Cli.Config;
using OpenClue.Cli.Errors;
using OpenClue.Cli.Output;

namespace OpenClue.Cli.Commands;

/// <summary>Runs a command's body with its <see cref="CliContext"/> and turns every failure into a sentence and an exit code.</summary>
internal static class CliRunner
{
    public static void SetHandler(this Command command, Func<CliContext, Task<int>> body, bool requireProfile = true) =>
        command.SetAction((parse, ct) => RunAsync(parse, ct, body, requireProfile));

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct, Func<CliContext, Task<int>> body, bool requireProfile)
    {
        var verbose = parse.GetValue(GlobalOptions.Verbose);
        var stderr = Console.Error;
        Uri? endpoint = null;
        string? endpointSource = null;
        try
        {
            var settings = CliSettings.Resolve(parse.GetValue(GlobalOptions.Profile)!, parse.GetValue(GlobalOptions.DataDir), requireProfile);
            (endpoint, endpointSource) = (settings.Endpoint, settings.EndpointSource);
            var stdoutIsTerminal = !Console.IsOutputRedirected;
            var query = parse.GetValue(GlobalOptions.Query) is { Length: > 0 } text ? JsonQuery.Parse(text) : null;
            var output = new CliOutput(GlobalOptions.FormatOf(parse, stdoutIsTerminal), Console.Out, stderr,
                stdoutIsTerminal, stderrIsTerminal: !Console.IsErrorRedirected, query);
            using var context = new CliContext(parse, settings, output, ct);
            return await body(context);
        }
        catch (Exception error)
        {
            return ErrorReporter.Report(error, endpoint, verbose, stderr, endpointSource);
        }
    }
}
