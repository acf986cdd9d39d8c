using OpenClue.Cli.Demo;
using OpenClue.Cli.Tests.Infrastructure;

namespace OpenClue.Cli.Tests;

/// <summary>
/// A CLI that does not know the server's data folder (a remote server) moves datasets in and results out through the
/// object API: upload, feature, task, run and download, with the CLI never opening the server's folders.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class RemoteBucketsTests(ServerFixture fixture)
{
    private readonly TestServer _server = fixture.Server;

    [Fact]
    public async Task Upload_feature_task_run_and_download_work_through_the_api_without_the_data_folder()
    {
        using var cli = new CliProcess();
        cli.Environment["OPENCLUE_ENDPOINT"] = _server.Endpoint.ToString();
        cli.Environment["OPENCLUE_ACCESS_KEY"] = TestServer.AccessKey;
        cli.Environment["OPENCLUE_SECRET_KEY"] = TestServer.SecretKey;
        var dataset = DemoDataset.Generate(800, seed: 3);
        var sequences = Path.Combine(cli.Home, "sequences.tsv");
        var labels = Path.Combine(cli.Home, "labels.tsv");
        dataset.WriteSequences(sequences);
        dataset.WriteLabels(labels);

        var upload = await cli.RunAsync("upload", sequences, "remote-data/in/", "--output", "json");
        Assert.True(upload.ExitCode == 0, upload.ToString());
        Assert.Equal(new Uri(_server.Endpoint, "api/v1/buckets/remote-data/objects/in/sequences.tsv").ToString(),
            upload.Json().GetProperty("location").GetString());
        Assert.Equal(0, (await cli.RunAsync("upload", labels, "remote-data/in/labels.tsv")).ExitCode);
        // The bytes reached the server's local bucket, which the CLI was never told about.
        Assert.Equal(File.ReadAllBytes(sequences), File.ReadAllBytes(Path.Combine(_server.DataDir, "buckets", "remote-data", "in", "sequences.tsv")));

        var feature = await cli.RunAsync("features", "create", "--name", "remote-feature", "--source-bucket", "remote-data",
            "--source-file-path", "in/sequences.tsv", "--wait", "--query", "feature_id");
        Assert.True(feature.ExitCode == 0, feature.ToString());
        var task = await cli.RunAsync("tasks", "create", "--name", "remote-task", "--train-feature-id", feature.Stdout.Trim(),
            "--train-bucket", "remote-data", "--train-file-path", "in/labels.tsv", "--wait", "--query", "task_id");
        Assert.True(task.ExitCode == 0, task.ToString());
        var run = await cli.RunAsync("runs", "create", "--name", "remote-run", "--task-id", task.Stdout.Trim(), "--feature-id",
            feature.Stdout.Trim(), "--result-bucket", "remote-data", "--result-file-path", "out/", "--wait", "--output", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var runId = run.Json().GetProperty("run_id").GetString()!;
        var resultPath = run.Json().GetProperty("result_file_path").GetString()!;

        var target = Path.Combine(cli.Home, "scores.tsv");
        var download = await cli.RunAsync("runs", "download", runId, target);
        Assert.True(download.ExitCode == 0, download.ToString());
        Assert.Equal(File.ReadAllText(Path.Combine(_server.DataDir, "buckets", "remote-data", resultPath)), File.ReadAllText(target));
        Assert.Equal(800, File.ReadAllLines(target).Length);
        var toStdout = await cli.RunAsync("runs", "download", runId, "-");
        Assert.Equal(File.ReadAllText(target), toStdout.Stdout);

        // A result that is gone: an API error, and no file (not even an empty one) is left behind.
        File.Delete(Path.Combine(_server.DataDir, "buckets", "remote-data", resultPath));
        var lost = Path.Combine(cli.Home, "lost.tsv");
        var failed = await cli.RunAsync("runs", "download", runId, lost);
        Assert.Equal(3, failed.ExitCode);
        Assert.Contains("PATH_NOT_FOUND", failed.Stderr);
        Assert.False(File.Exists(lost));
        Assert.Equal(["labels.tsv", "scores.tsv", "sequences.tsv"], Directory.GetFiles(cli.Home).Select(Path.GetFileName).Order());
    }
}
