using System.Text.RegularExpressions;
using OpenClue.Cli.Tests.Infrastructure;

namespace OpenClue.Cli.Tests;

/// <summary><c>--wait</c> on a terminal redraws one status line; <c>--output json</c> keeps stdout pure JSON.</summary>
[Collection(ServerCollection.Name)]
public sealed class WaitAndOutputTests(ServerFixture fixture)
{
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Features_create_wait_on_a_terminal_updates_its_status_line_and_ends_with_the_final_status()
    {
        SampleFiles.WriteSequences(Path.Combine(_server.Bucket("terminal"), "seq.tsv"), 20_000);
        using var cli = CliProcess.For(_server);

        var (exitCode, screen) = await PseudoTerminal.RunAsync(cli, "features", "create", "--name", "on-a-terminal",
            "--source-bucket", "terminal", "--source-file-path", "seq.tsv", "--wait");

        Assert.True(exitCode == 0, screen);
        // Each redraw returns to column 0 and clears the line: the line is updated in place, with elapsed time.
        var redraws = Regex.Matches(screen, @"\r\x1b\[2K[-\\|/] feature [0-9a-f-]{36}: (\S+)(?: \d+%)?(?:, [^(\r]*)? \((\d+\.\d)s\)");
        Assert.True(redraws.Count >= 3, screen);
        Assert.True(redraws.Select(m => m.Groups[2].Value).Distinct().Count() >= 2, "the elapsed time advances: " + screen);
        Assert.Matches(@"\r\x1b\[2Kfeature [0-9a-f-]{36}: completed \(\d+\.\ds\)\r?\n", screen);
        Assert.True(screen.LastIndexOf("completed (", StringComparison.Ordinal) > redraws[^1].Index, screen);
        Assert.Contains("user_count", screen); // then the result table
    }

    [Fact]
    public async Task Json_output_with_wait_writes_only_json_to_stdout_and_the_status_to_stderr()
    {
        SampleFiles.WriteSequences(Path.Combine(_server.Bucket("json-only"), "seq.tsv"), 300);
        using var cli = CliProcess.For(_server);

        var result = await cli.RunAsync("features", "create", "--name", "json-only", "--source-bucket", "json-only",
            "--source-file-path", "seq.tsv", "--wait", "--output", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var feature = result.Json();
        Assert.Equal("completed", feature.GetProperty("status").GetString());
        Assert.Equal(300, feature.GetProperty("user_count").GetInt32());
        Assert.Matches(@"feature [0-9a-f-]{36}: completed \(\d+\.\ds\)", result.Stderr);
        Assert.False(result.Stderr.Contains('\x1b'), result.Stderr); // not a terminal: plain lines, no redraws

        var list = await cli.RunAsync("features", "list", "--all", "--output", "json");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(list.Json().GetProperty("features").EnumerateArray(), f => f.GetProperty("feature_name").GetString() == "json-only");
        Assert.Equal("", list.Stderr);
    }

    [Fact]
    public async Task Table_output_has_no_escape_codes_when_redirected()
    {
        using var cli = CliProcess.For(_server);
        var result = await cli.RunAsync("models", "list");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("oc-hash-1", result.Stdout);
        Assert.False(result.Stdout.Contains('\x1b'), result.Stdout);
    }
}
