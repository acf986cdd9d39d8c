using System.Text.RegularExpressions;
using OpenClue.Cli.Tests.Infrastructure;

namespace OpenClue.Cli.Tests;

/// <summary>
/// <c>--wait</c> shows the percent the server reports: on a terminal in the one redrawn line, in a log as occasional
/// plain lines (at most one per tenth of the way). The server writes every whole percent here (no interval), and the
/// dataset is large enough to be read over several of the CLI's one-second polls.
/// </summary>
public sealed class ProgressDisplayTests : IAsyncLifetime
{
    /// <summary>The elapsed time as the status line writes it: "6.1s", or "1m 05s" past a minute (a loaded machine).</summary>
    private const string Elapsed = @"(\d+\.\ds|\d+m \d\ds)";

    private TestServer _server = null!;

    public Task InitializeAsync()
    {
        _server = TestServer.Start(settings: new Dictionary<string, string> { ["OpenClue:Jobs:ProgressInterval"] = "00:00:00" });
        SampleFiles.WriteSequences(Path.Combine(_server.Bucket("big"), "seq.tsv"), 250_000);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task On_a_terminal_the_status_line_shows_the_percent_read()
    {
        using var cli = CliProcess.For(_server);
        var (exitCode, screen) = await PseudoTerminal.RunAsync(cli, 120, "features", "create", "--name", "big-terminal",
            "--source-bucket", "big", "--source-file-path", "seq.tsv", "--wait");

        Assert.True(exitCode == 0, screen);
        Assert.True(Regex.IsMatch(screen, @"\r\x1b\[2K[-\\|/] feature [0-9a-f-]{36}: in_progress \d{1,2}%, \d+(\.\d)? (B|KB|MB) of \d+\.\d MB read \(" + Elapsed + @"\)"), screen);
        Assert.True(Regex.IsMatch(screen, @"\r\x1b\[2Kfeature [0-9a-f-]{36}: completed \(" + Elapsed + @"\)\r?\n"), screen);
    }

    [Fact]
    public async Task In_a_log_the_percent_comes_as_a_few_plain_lines()
    {
        using var cli = CliProcess.For(_server);
        var result = await cli.RunAsync("features", "create", "--name", "big-log", "--source-bucket", "big", "--source-file-path", "seq.tsv",
            "--wait", "--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(result.Stderr.Contains('\x1b') || result.Stderr.Contains('\r'), result.Stderr);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var progress = lines.Select(l => Regex.Match(l, @"^feature [0-9a-f-]{36}: in_progress (\d+)%, .* read \(" + Elapsed + @"\)$"))
            .Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(progress);
        Assert.Equal(progress.Select(p => p / 10).Distinct(), progress.Select(p => p / 10)); // one line per tenth at most
        Assert.Matches(@"feature [0-9a-f-]{36}: completed \(" + Elapsed + @"\)", lines[^1]);
        Assert.Equal(100, result.Json().GetProperty("progress").GetInt32());
    }
}
