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
        try
        {
            var settings = CliSettings.Resolve(parse.GetValue(GlobalOptions.Profile)!, parse.GetValue(GlobalOptions.DataDir), requireProfile);
            endpoint = settings.Endpoint;
            var output = new CliOutput(parse.GetValue(GlobalOptions.Output), Console.Out, stderr,
                stdoutIsTerminal: !Console.IsOutputRedirected, stderrIsTerminal: !Console.IsErrorRedirected);
            using var context = new CliContext(parse, settings, output, ct);
            return await body(context);
        }
        catch (Exception error)
        {
            return ErrorReporter.Report(error, endpoint, verbose, stderr);
        }
    }
}
