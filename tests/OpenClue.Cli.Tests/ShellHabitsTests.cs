using System.Diagnostics;
using OpenClue.Cli.Tests.Infrastructure;

namespace OpenClue.Cli.Tests;

/// <summary>Help, typos, completion, profiles and configure, as gh, kubectl and the AWS CLI taught people to expect.</summary>
[Collection(ServerCollection.Name)]
public sealed class ShellHabitsTests(ServerFixture fixture)
{
    private readonly TestServer _server = fixture.Server;

    [Theory]
    [InlineData("features")]
    [InlineData("models")]
    public async Task A_group_alone_prints_its_help_and_succeeds(string group)
    {
        using var cli = CliProcess.For(_server);
        var result = await cli.RunAsync(group);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"openclue {group} [command] [options]", result.Stdout);
        Assert.Contains("list", result.Stdout);
    }

    [Fact]
    public async Task Openclue_alone_and_help_commands_print_help()
    {
        using var cli = CliProcess.For(_server);
        var root = await cli.RunAsync();
        Assert.Equal(0, root.ExitCode);
        Assert.Contains("completion", root.Stdout);

        var help = await cli.RunAsync("help", "runs", "download");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("openclue runs download <ID> [<DEST>] [options]", help.Stdout);
        Assert.Contains("--force", help.Stdout);

        var unknown = await cli.RunAsync("help", "runz");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("Did you mean `openclue runs`?", unknown.Stderr);
    }

    [Theory]
    [InlineData(new[] { "feature", "list" }, "Did you mean `openclue features`?")]
    [InlineData(new[] { "tasks", "lst" }, "Did you mean `openclue tasks list`?")]
    [InlineData(new[] { "runs", "downlaod", "x" }, "Did you mean `openclue runs download`?")]
    public async Task A_typo_gets_a_did_you_mean(string[] args, string suggestion)
    {
        using var cli = CliProcess.For(_server);
        var result = await cli.RunAsync(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(suggestion, result.Stderr);
    }

    [Fact]
    public async Task Output_values_are_lower_case_and_others_are_refused()
    {
        using var cli = CliProcess.For(_server);
        var help = await cli.RunAsync("features", "list", "--help");
        Assert.Contains("--output <table|tsv|json>", help.Stdout);
        var wrong = await cli.RunAsync("features", "list", "-o", "yaml");
        Assert.Equal(2, wrong.ExitCode);
        Assert.Contains("'tsv'", wrong.Stderr);
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _openclue_complete openclue")]
    [InlineData("zsh", "compdef _openclue openclue")]
    [InlineData("fish", "complete -c openclue")]
    public async Task Completion_prints_a_script_for_each_shell(string shell, string line)
    {
        using var cli = CliProcess.For(_server);
        var result = await cli.RunAsync("completion", shell);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(line, result.Stdout);
    }

    [Fact]
    public async Task The_bash_completion_script_completes_commands_in_a_real_bash()
    {
        using var cli = CliProcess.For(_server);
        var bin = Directory.CreateDirectory(Path.Combine(cli.Home, "bin")).FullName;
        var shim = Path.Combine(bin, "openclue");
        File.WriteAllText(shim, $"#!/bin/sh\nexec dotnet '{CliProcess.CliDll}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shim, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var script = Path.Combine(cli.Home, "complete.sh");
        File.WriteAllText(script, $$"""
            export PATH="{{bin}}:$PATH"
            eval "$(openclue completion bash)"
            COMP_LINE="openclue runs down"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(openclue runs down); COMP_CWORD=2
            _openclue_complete; echo "${COMPREPLY[@]}"
            COMP_LINE="openclue feat"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(openclue feat); COMP_CWORD=1
            _openclue_complete; echo "${COMPREPLY[@]}"
            """);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        cli.Prepare(start);
        using var bash = Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.Equal(["download", "features"], output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Openclue_profile_and_openclue_config_file_choose_the_profile_like_aws_profile()
    {
        using var cli = new CliProcess();
        var file = Path.Combine(cli.Home, "elsewhere.ini");
        File.WriteAllText(file, $"[default]\nendpoint = http://127.0.0.1:1\naccess_key = nope\nsecret_key = nope\n\n" +
            $"[test]\nendpoint = {_server.Endpoint}\naccess_key = {TestServer.AccessKey}\nsecret_key = {TestServer.SecretKey}\n");
        cli.Environment["OPENCLUE_CONFIG_FILE"] = file;
        cli.Environment["OPENCLUE_PROFILE"] = "test";

        var listed = await cli.RunAsync("models", "list", "--query", "total");
        Assert.True(listed.ExitCode == 0, listed.ToString());

        cli.Environment["OPENCLUE_PROFILE"] = "missing";
        var missing = await cli.RunAsync("models", "list");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains($"There is no profile 'missing' in {file}", missing.Stderr);

        cli.Environment.Remove("OPENCLUE_PROFILE");
        var down = await cli.RunAsync("models", "list");
        Assert.Equal(4, down.ExitCode);
        Assert.Contains($"Cannot reach the OpenClue server at http://127.0.0.1:1 (connection refused, from profile 'default' of {file})", down.Stderr);
        Assert.Contains("--urls http://127.0.0.1:1`", down.Stderr);
    }

    [Fact]
    public async Task Configure_keeps_comments_and_checks_the_key_against_the_server()
    {
        using var cli = new CliProcess();
        var config = Path.Combine(cli.Home, ".openclue", "config");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        const string original = "# my keys\n[default]\n; local server\nendpoint = http://old\n\n# production\n[prod]\nendpoint = https://prod\n";
        File.WriteAllText(config, original);

        var refused = await cli.RunAsync("configure", "--endpoint", _server.Endpoint.ToString(), "--access-key", TestServer.AccessKey, "--secret-key", "wrong");
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("The server rejected the access key", refused.Stderr);
        Assert.Contains("Nothing was saved", refused.Stderr);
        Assert.Equal(original, File.ReadAllText(config));

        var saved = await cli.RunAsync("configure", "--endpoint", _server.Endpoint.ToString(), "--access-key", TestServer.AccessKey,
            "--secret-key", TestServer.SecretKey);
        Assert.True(saved.ExitCode == 0, saved.ToString());
        Assert.Contains("accepted the key", saved.Stdout);
        Assert.Equal($"# my keys\n[default]\n; local server\nendpoint = {_server.Endpoint}\naccess_key = {TestServer.AccessKey}\n" +
            $"secret_key = {TestServer.SecretKey}\n\n# production\n[prod]\nendpoint = https://prod\n", File.ReadAllText(config));

        var offline = await cli.RunAsync("configure", "--profile", "later", "--endpoint", $"http://127.0.0.1:{TestServer.FreePort()}",
            "--access-key", "a", "--secret-key", "b");
        Assert.Equal(0, offline.ExitCode);
        Assert.Contains("Warning: Cannot reach the OpenClue server", offline.Stdout);
        Assert.Contains("[later]", File.ReadAllText(config));
    }

    [Fact]
    public async Task Ctrl_c_during_wait_says_the_job_keeps_running_and_how_to_follow_it()
    {
        // One worker: the second feature waits behind the first, so it is still running when Ctrl+C arrives.
        await using var server = TestServer.Start(settings: new Dictionary<string, string> { ["OpenClue:Worker:Concurrency"] = "1" });
        SampleFiles.WriteSequences(Path.Combine(server.Bucket("interrupt"), "seq.tsv"), 150_000);
        using var cli = CliProcess.For(server);
        var ahead = await cli.RunAsync("features", "create", "--name", "ahead", "--source-bucket", "interrupt", "--source-file-path", "seq.tsv");
        Assert.True(ahead.ExitCode == 0, ahead.ToString());

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in new[] { CliProcess.CliDll, "features", "create", "--name", "interrupted", "--source-bucket", "interrupt",
                     "--source-file-path", "seq.tsv", "--wait" })
            start.ArgumentList.Add(arg);
        cli.Prepare(start);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        // The first status line means the feature exists and the wait has begun.
        var firstLine = await process.StandardError.ReadLineAsync();
        Assert.Matches("^feature [0-9a-f-]{36}: (registered|pending) ", firstLine);
        var featureId = firstLine!.Split(' ')[1].TrimEnd(':');
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()])) await kill.WaitForExitAsync();
        var rest = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 130, $"exit {process.ExitCode}: {firstLine}\n{rest}");
        Assert.Contains($"Stopped waiting; feature {featureId} keeps running on the server. Follow it with `openclue features get {featureId} --wait`.", rest);
        var after = await cli.RunAsync("features", "get", featureId, "--wait", "--query", "status");
        Assert.Equal("completed\n", after.Stdout);
        await stdout;
    }
}
