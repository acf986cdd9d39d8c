using System.Diagnostics;

namespace OpenClue.Cli.Tests.Infrastructure;

/// <summary>
/// Runs <c>openclue</c> inside a pseudo-terminal with util-linux <c>script</c> (part of every Debian base system),
/// so stdout and stderr are a terminal, as for a person, and returns everything the terminal received.
/// </summary>
public static class PseudoTerminal
{
    public static Task<(int ExitCode, string Screen)> RunAsync(CliProcess cli, params string[] args) => RunAsync(cli, 80, args);

    /// <param name="columns">The terminal's width.</param>
    public static async Task<(int ExitCode, string Screen)> RunAsync(CliProcess cli, int columns, params string[] args)
    {
        var command = $"stty cols {columns} rows 50; " + string.Join(' ', new[] { "dotnet", CliProcess.CliDll }.Concat(args).Select(Quote));
        // -q: no start/done banners; -f: flush as written; -e: exit with the command's code; /dev/null: no typescript file.
        var start = new ProcessStartInfo("script") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in new[] { "-qfec", command, "/dev/null" }) start.ArgumentList.Add(arg);
        cli.Prepare(start);
        start.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(start)!;
        var screen = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await screen + await errors);
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''") + "'";
}
