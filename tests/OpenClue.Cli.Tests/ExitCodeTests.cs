using OpenClue.Cli.Tests.Infrastructure;

namespace OpenClue.Cli.Tests;

/// <summary>0 success, 1 job failed, 2 usage, 3 API error, 4 server unreachable — each with one sentence a person can act on.</summary>
[Collection(ServerCollection.Name)]
public sealed class ExitCodeTests(ServerFixture fixture)
{
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task A_missing_required_option_is_a_usage_error()
    {
        using var cli = CliProcess.For(_server);
        var result = await cli.RunAsync("features", "create", "--name", "x");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'--source-bucket' is required", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error()
    {
        using var cli = CliProcess.For(_server);
        Assert.Equal(2, (await cli.RunAsync("feature", "list")).ExitCode);
    }

    [Fact]
    public async Task No_credentials_at_all_says_how_to_configure()
    {
        using var cli = new CliProcess();
        cli.Environment["OPENCLUE_ENDPOINT"] = _server.Endpoint.ToString();
        var result = await cli.RunAsync("features", "list");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("run `openclue configure`", result.Stderr);
    }

    [Fact]
    public async Task An_unknown_profile_is_a_usage_error()
    {
        using var cli = CliProcess.For(_server);
        var result = await cli.RunAsync("features", "list", "--profile", "staging");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("There is no profile 'staging'", result.Stderr);
    }

    [Fact]
    public async Task A_wrong_secret_key_is_an_api_error_naming_the_key_problem()
    {
        using var cli = CliProcess.For(_server);
        cli.Environment["OPENCLUE_SECRET_KEY"] = "not-the-secret";
        var result = await cli.RunAsync("features", "list");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("The server rejected the access key", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task A_server_that_is_not_running_exits_4_and_says_how_to_start_it()
    {
        using var cli = CliProcess.For(_server);
        cli.Environment["OPENCLUE_ENDPOINT"] = $"http://127.0.0.1:{TestServer.FreePort()}";
        var result = await cli.RunAsync("tasks", "list");
        Assert.Equal(4, result.ExitCode);
        Assert.Contains("Cannot reach the OpenClue server", result.Stderr);
        Assert.Contains("connection refused", result.Stderr);
        Assert.Contains("dotnet run --project src/OpenClue.Server", result.Stderr);
    }

    [Fact]
    public async Task Uploading_a_missing_file_is_a_usage_error()
    {
        using var cli = CliProcess.For(_server);
        var missing = Path.Combine(cli.Home, "nope.tsv");
        var result = await cli.RunAsync("upload", missing, "data/in/");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"The file {missing} does not exist.", result.Stderr);
    }

    [Fact]
    public async Task An_unknown_id_is_an_api_error_and_verbose_shows_the_request_and_its_id()
    {
        using var cli = CliProcess.For(_server);
        var result = await cli.RunAsync("runs", "get", "00000000-0000-0000-0000-000000000000", "--verbose");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("> GET ", result.Stderr);
        Assert.Contains("/api/v1/task-runs/00000000-0000-0000-0000-000000000000", result.Stderr);
        Assert.Matches(@"< 404 Not Found in \d+ ms, request id \S+", result.Stderr);
        Assert.Matches(@"\[404 10110 NOT_FOUND\] \(request id \S+\)", result.Stderr);
    }

    [Fact]
    public async Task Upload_then_a_feature_whose_job_fails_exits_1_with_the_fail_message()
    {
        using var cli = CliProcess.For(_server);
        _server.Bucket("exit-codes");
        var file = Path.Combine(cli.Home, "broken.tsv");
        File.WriteAllText(file, "a line without any tab\n");
        var upload = await cli.RunAsync("upload", file, "exit-codes/broken/");
        Assert.True(upload.ExitCode == 0, upload.ToString());
        Assert.True(File.Exists(Path.Combine(_server.DataDir, "buckets", "exit-codes", "broken", "broken.tsv")));

        var result = await cli.RunAsync("features", "create", "--name", "broken", "--source-bucket", "exit-codes",
            "--source-file-path", "broken/broken.tsv", "--wait", "--output", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("failed", result.Json().GetProperty("status").GetString());
        Assert.Contains("failed with UNEXPECTED_TXT_FORMAT", result.Stderr);
        // fail_details: the file, the line and the value at fault, in the JSON and in the sentence on stderr.
        const string details = "No tab between user id and sequence in 'a line without any tab' (exit-codes/broken/broken.tsv, line 1).";
        Assert.Equal(details, result.Json().GetProperty("fail_details").GetString());
        Assert.Contains(details, result.Stderr);
    }
}
