using System.Text.RegularExpressions;
using OpenClue.Cli.Tests.Infrastructure;

namespace OpenClue.Cli.Tests;

/// <summary>Tables for a terminal (ids whole), TSV for a pipe, JSON and --query for scripts, sentences for actions.</summary>
[Collection(ServerCollection.Name)]
public sealed class OutputHabitsTests(ServerFixture fixture)
{
    private readonly TestServer _server = fixture.Server;

    private async Task<string> CompletedFeatureAsync(CliProcess cli, string name)
    {
        SampleFiles.WriteSequences(Path.Combine(_server.Bucket("habits"), $"{name}.tsv"), 150);
        var created = await cli.RunAsync("features", "create", "--name", name, "--source-bucket", "habits",
            "--source-file-path", $"{name}.tsv", "--wait", "--query", "feature_id");
        Assert.True(created.ExitCode == 0, created.ToString());
        return created.Stdout.Trim();
    }

    [Fact]
    public async Task On_a_narrow_terminal_the_list_table_keeps_every_id_on_one_line()
    {
        using var cli = CliProcess.For(_server);
        var id = await CompletedFeatureAsync(cli, "narrow-terminal");

        var (exitCode, screen) = await PseudoTerminal.RunAsync(cli, 70, "features", "list", "--limit", "100");

        Assert.True(exitCode == 0, screen);
        Assert.Contains("╭", screen); // a drawn table for the person
        Assert.Contains(screen.Split('\n'), line => line.Contains(id));
    }

    [Fact]
    public async Task Piped_output_is_tab_separated_with_a_header_and_no_box_drawing()
    {
        using var cli = CliProcess.For(_server);
        var id = await CompletedFeatureAsync(cli, "piped-tsv");

        var list = await cli.RunAsync("features", "list", "--limit", "100");

        Assert.True(list.ExitCode == 0, list.ToString());
        var lines = list.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal("feature_id\tfeature_name\tstatus\tuser_count\tnclue_model_name\tcreated_at", lines[0]);
        var row = Assert.Single(lines, l => l.StartsWith(id + "\t", StringComparison.Ordinal)).Split('\t');
        Assert.Equal(["piped-tsv", "completed", "150"], row[1..4]);
        Assert.DoesNotMatch("[╭│─┌|]", list.Stdout);

        var get = await cli.RunAsync("features", "get", id);
        Assert.Contains($"feature_id\t{id}\n", get.Stdout);
        Assert.Contains("fail_message\t\n", get.Stdout); // null is an empty cell

        var table = await cli.RunAsync("features", "get", id, "-o", "table");
        Assert.Contains("╭", table.Stdout);
    }

    [Fact]
    public async Task Query_selects_values_in_jsonpath_or_jq_style()
    {
        using var cli = CliProcess.For(_server);
        var id = await CompletedFeatureAsync(cli, "queried");

        var ids = await cli.RunAsync("features", "list", "--limit", "100", "--query", "$.features[*].feature_id");
        Assert.Contains(id, ids.Stdout.Split('\n'));
        var jq = await cli.RunAsync("features", "list", "--limit", "100", "--query", ".features[].feature_name");
        Assert.Contains("queried", jq.Stdout.Split('\n'));
        var count = await cli.RunAsync("features", "get", id, "--query", "user_count");
        Assert.Equal("150\n", count.Stdout);
        var asJson = await cli.RunAsync("features", "get", id, "--query", "status", "-o", "json");
        Assert.Equal("\"completed\"", asJson.Stdout.Trim());

        var bad = await cli.RunAsync("features", "get", id, "--query", "features[x");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("The query 'features[x' is not valid", bad.Stderr);
    }

    [Fact]
    public async Task Delete_prints_a_sentence_and_json_keeps_the_record()
    {
        using var cli = CliProcess.For(_server);
        var first = await CompletedFeatureAsync(cli, "to-delete");
        var second = await CompletedFeatureAsync(cli, "to-delete-json");

        var deleted = await cli.RunAsync("features", "delete", first);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal($"Deleted feature {first}.\n", deleted.Stdout);

        var json = await cli.RunAsync("features", "delete", second, "-o", "json");
        Assert.Equal(second, json.Json().GetProperty("feature_id").GetString());
    }

    [Fact]
    public async Task Empty_lists_say_so_to_a_person_and_print_nothing_into_a_pipe()
    {
        await using var server = TestServer.Start();
        using var cli = CliProcess.For(server);

        var (exitCode, screen) = await PseudoTerminal.RunAsync(cli, "tasks", "list");
        Assert.True(exitCode == 0, screen);
        Assert.Contains("No tasks yet; create one with `openclue tasks create`.", screen);

        var piped = await cli.RunAsync("runs", "list");
        Assert.Equal(0, piped.ExitCode);
        Assert.Equal("", piped.Stdout);
        Assert.Contains("No runs yet", piped.Stderr);
        Assert.Equal("{\n  \"index\": 0,\n  \"limit\": 20,\n  \"total\": 0,\n  \"runs\": []\n}\n", (await cli.RunAsync("runs", "list", "-o", "json")).Stdout);
    }

    [Fact]
    public async Task Models_create_wait_default_and_deprecate()
    {
        SampleFiles.WriteSequences(Path.Combine(_server.Bucket("habits-models"), "corpus.tsv"), 400);
        using var cli = CliProcess.For(_server);

        var created = await cli.RunAsync("models", "create", "--name", "cli-model", "--source-bucket", "habits-models",
            "--source-file-path", "corpus.tsv", "--wait", "-o", "json");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal("completed", created.Json().GetProperty("status").GetString());

        var made = await cli.RunAsync("models", "default", "cli-model");
        Assert.Equal("Model cli-model is now the default for new features.\n", made.Stdout);
        Assert.Equal("true\n", (await cli.RunAsync("models", "get", "cli-model", "--query", "default")).Stdout);
        Assert.Equal(0, (await cli.RunAsync("models", "default", "oc-hash-1")).ExitCode); // as the other tests expect

        var deprecated = await cli.RunAsync("models", "deprecate", "cli-model");
        Assert.True(deprecated.ExitCode == 0, deprecated.ToString());
        Assert.Equal("Deprecated model cli-model; features built with it keep working.\n", deprecated.Stdout);
    }

    [Fact]
    public async Task Runs_download_to_stdout_refuses_to_overwrite_and_names_a_missing_folder()
    {
        using var cli = CliProcess.For(_server);
        var bucket = _server.Bucket("habits-download");
        var users = new System.Text.StringBuilder();
        var labels = new System.Text.StringBuilder();
        var random = new Random(3);
        for (var u = 0; u < 600; u++)
        {
            var positive = random.Next(2) == 1;
            users.Append($"u{u}\tclick: item {random.Next(40)}->click: item {random.Next(40)}{(positive ? "->buy: powder" : "")}\n");
            labels.Append($"u{u}\t{(positive ? 1 : 0)}\n");
        }
        SampleFiles.Write(Path.Combine(bucket, "seq.tsv"), users.ToString());
        SampleFiles.Write(Path.Combine(bucket, "labels.tsv"), labels.ToString());
        var feature = (await cli.RunAsync("features", "create", "--name", "dl-feature", "--source-bucket", "habits-download",
            "--source-file-path", "seq.tsv", "--wait", "--query", "feature_id")).Stdout.Trim();
        var task = await cli.RunAsync("tasks", "create", "--name", "dl-task", "--train-feature-id", feature, "--train-bucket",
            "habits-download", "--train-file-path", "labels.tsv", "--wait", "--query", "task_id");
        Assert.True(task.ExitCode == 0, task.ToString());
        var run = (await cli.RunAsync("runs", "create", "--name", "dl-run", "--task-id", task.Stdout.Trim(), "--feature-id", feature,
            "--result-bucket", "habits-download", "--result-file-path", "out/", "--wait", "--query", "run_id")).Stdout.Trim();

        var toStdout = await cli.RunAsync("runs", "download", run, "-");
        Assert.True(toStdout.ExitCode == 0, toStdout.ToString());
        var lines = toStdout.Stdout.TrimEnd('\n').Split('\n');
        Assert.Equal(600, lines.Length);
        Assert.All(lines, l => Assert.Matches(@"^u\d+\t[01](\.\d+)?(E-?\d+)?$", l));

        var target = Path.Combine(cli.Home, "scores.tsv");
        Assert.Equal(0, (await cli.RunAsync("runs", "download", run, target)).ExitCode);
        var again = await cli.RunAsync("runs", "download", run, target);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains($"{target} already exists; add --force to overwrite it", again.Stderr);
        File.WriteAllText(target, "old");
        Assert.Equal(0, (await cli.RunAsync("runs", "download", run, target, "--force")).ExitCode);
        Assert.Equal(toStdout.Stdout, File.ReadAllText(target));

        var missing = Path.Combine(cli.Home, "no-such-folder", "scores.tsv");
        var noFolder = await cli.RunAsync("runs", "download", run, missing);
        Assert.Equal(2, noFolder.ExitCode);
        Assert.Contains($"The folder {Path.GetDirectoryName(missing)} does not exist", noFolder.Stderr);
    }
}
