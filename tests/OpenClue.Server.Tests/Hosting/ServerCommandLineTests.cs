using System.Diagnostics;

namespace OpenClue.Server.Tests.Hosting;

/// <summary>The server behaves like a command: help and version exit 0 opening nothing; a bad option is one line and exit 2.</summary>
public sealed class ServerCommandLineTests : IDisposable
{
    // Never created unless the server really starts: the proof that --help opens no data folder.
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "openclue-cmdline-" + Guid.NewGuid().ToString("N")[..8]);

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_usage_and_exits_0_without_opening_the_data_folder_or_binding_a_port(string flag)
    {
        var (exit, stdout, stderr) = await ServerAsync(flag, "--urls", "http://127.0.0.1:1");
        Assert.Equal(0, exit);
        Assert.Contains("Usage:", stdout);
        Assert.Contains("--role", stdout);
        Assert.Equal("", stderr);
        Assert.False(Directory.Exists(_dataDir));
    }

    [Fact]
    public async Task Version_prints_the_server_version_and_exits_0()
    {
        var (exit, stdout, _) = await ServerAsync("--version");
        Assert.Equal(0, exit);
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout.Trim());
        Assert.False(Directory.Exists(_dataDir));
    }

    [Theory]
    [InlineData("OpenClue:TimeZone", "--OpenClue:TimeZone=Mars/Base")]
    [InlineData("--role", "--role", "boss")]
    [InlineData("OpenClue:Worker:Concurrency", "--OpenClue:Worker:Concurrency=abc")]
    [InlineData("OpenClue:Jobs:PerTenant", "--OpenClue:Jobs:PerTenant=0")]
    [InlineData("OpenClue:MasterKey", "--OpenClue:MasterKey=short")]
    [InlineData("OpenClue:ArtifactStore", "--OpenClue:ArtifactStore=ftp://x")]
    [InlineData("PostgreSQL", "--role", "worker")]
    [InlineData("'serve'", "serve")]
    public async Task A_bad_option_is_one_line_naming_it_and_a_non_zero_exit(string named, params string[] args)
    {
        var (exit, stdout, stderr) = await ServerAsync(args);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("OpenClue: ", line);
        Assert.Contains(named, line);
        Assert.False(Directory.Exists(_dataDir));
    }

    private async Task<(int Exit, string Stdout, string Stderr)> ServerAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "OpenClue.Server.dll"), .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["OpenClue__DataDir"] = _dataDir;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the server did not exit: {string.Join(' ', args)}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
    }
}
