using System.CommandLine;
using System.Globalization;
using OpenClue.Cli.Buckets;
using OpenClue.Cli.Commands;
using OpenClue.Cli.Errors;
using OpenClue.Client.Contracts;

namespace OpenClue.Cli.Demo;

/// <summary>
/// <c>openclue demo</c>: writes a sample dataset into a bucket and runs feature → task → task run against the
/// configured server, printing each step, the AUROC and where the result file is.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var bucket = new Option<string>("--bucket") { Description = "Bucket for the sample data and the result", DefaultValueFactory = _ => "openclue-demo" };
        var users = new Option<int>("--users") { Description = "Number of sample users", DefaultValueFactory = _ => 4000 };
        var command = new Command("demo", "Run the whole flow on generated sample data: upload, feature, task (AUROC), task run") { bucket, users };
        command.SetHandler(context => RunAsync(context, context.Value(bucket), context.Value(users)));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string bucket, int userCount)
    {
        BucketPath.CheckBucket(bucket);
        if (userCount is < 500 or > 1_000_000) throw CliException.Usage("--users must be between 500 and 1,000,000.");
        var output = context.Output;
        var client = context.Client;
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..4];
        var folder = $"demo-{stamp}";
        output.Info($"OpenClue demo against {context.Settings.Endpoint.OriginalString} (profile '{context.Settings.ProfileName}')");

        // Fails early, before writing data, when the server is down or the key is wrong.
        await client.Features.ListAsync(0, 1, context.Ct);

        output.Info($"1/4 Writing {userCount:N0} sample shoppers (about a third are runners: the trait to find) to bucket '{bucket}', folder '{folder}/'");
        var sequences = $"{folder}/sequences.tsv";
        var labels = $"{folder}/labels.tsv";
        await UploadSampleAsync(context, bucket, sequences, labels, userCount);
        output.Info($"    {context.Buckets.Describe(bucket, sequences)}");

        output.Info("2/4 Building the feature set (behaviours → vectors)");
        var created = await client.Features.CreateAsync(new CreateFeatureRequest($"demo-{stamp}", bucket, sequences), context.Ct);
        var feature = await JobWaiting.WaitAsync<FeatureInfo>(context, $"    feature {created.FeatureId}", $"openclue features get {created.FeatureId} --wait",
            (progress, ct) => client.Features.WaitForCompletionAsync(created.FeatureId, progress, ct: ct));
        if (Failed(context, feature) is { } featureFailed) return featureFailed;
        output.Info($"    {feature.UserCount:N0} users, {feature.TokenCount:N0} tokens, model {feature.NclueModelName}");

        output.Info("3/4 Training a task on the runner labels (20% of users held out to measure AUROC)");
        var task = await client.Tasks.CreateAsync(new CreateTaskRequest($"demo-runners-{stamp}", feature.FeatureId, bucket, labels), context.Ct);
        var trained = await JobWaiting.WaitAsync<TaskInfo>(context, $"    task {task.TaskId}", $"openclue tasks get {task.TaskId} --wait",
            (progress, ct) => client.Tasks.WaitForCompletionAsync(task.TaskId, progress, ct: ct));
        if (Failed(context, trained) is { } taskFailed) return taskFailed;
        output.Info($"    AUROC {trained.Auroc:0.0000} (1.0 = perfect ranking, 0.5 = chance)");

        output.Info("4/4 Scoring every user with the task");
        var run = await client.TaskRuns.CreateAsync(
            new CreateTaskRunRequest($"demo-scores-{stamp}", trained.TaskId, feature.FeatureId, bucket, $"{folder}/scores/"), context.Ct);
        var scored = await JobWaiting.WaitAsync<TaskRunInfo>(context, $"    run {run.RunId}", $"openclue runs get {run.RunId} --wait",
            (progress, ct) => client.TaskRuns.WaitForCompletionAsync(run.RunId, progress, ct: ct));
        if (Failed(context, scored) is { } runFailed) return runFailed;
        var result = context.Buckets.Describe(scored.ResultBucket, scored.ResultFilePath);
        output.Info($"    {scored.LineCount:N0} scores (user_id<TAB>probability of being a runner) in {result}");

        if (output.IsJson)
        {
            output.Json(new
            {
                feature_id = feature.FeatureId, task_id = trained.TaskId, run_id = scored.RunId, AUROC = trained.Auroc,
                result_bucket = scored.ResultBucket, result_file_path = scored.ResultFilePath, result_location = result,
            });
        }
        output.Info("");
        output.Info($"Done. Next: `openclue tasks report {trained.TaskId}` for the ROC curve, `openclue runs download {scored.RunId}` for the scores.");
        return ExitCodes.Success;
    }

    private static async Task UploadSampleAsync(CliContext context, string bucket, string sequencesKey, string labelsKey, int userCount)
    {
        var dataset = DemoDataset.Generate(userCount, seed: 20241017);
        var scratch = Directory.CreateTempSubdirectory("openclue-demo-");
        try
        {
            var sequences = Path.Combine(scratch.FullName, "sequences.tsv");
            var labels = Path.Combine(scratch.FullName, "labels.tsv");
            dataset.WriteSequences(sequences);
            dataset.WriteLabels(labels);
            await context.Buckets.EnsureBucketAsync(bucket, context.Ct);
            await context.Buckets.UploadAsync(sequences, bucket, sequencesKey, context.Ct);
            await context.Buckets.UploadAsync(labels, bucket, labelsKey, context.Ct);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static int? Failed(CliContext context, IJobResource resource)
    {
        if (resource.Status != JobStatus.Failed) return null;
        context.Output.Error.WriteLine($"Error: '{resource.Name}' failed with {resource.FailMessage}. {FailMessages.Explain(resource)}");
        return ExitCodes.JobFailed;
    }
}
