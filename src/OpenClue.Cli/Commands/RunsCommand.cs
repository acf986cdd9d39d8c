using System.CommandLine;
using OpenClue.Cli.Errors;
using OpenClue.Client.Contracts;
using static OpenClue.Cli.Commands.CommonOptions;

namespace OpenClue.Cli.Commands;

/// <summary><c>openclue runs create|list|get|delete|download</c>: task runs (§1.9).</summary>
internal static class RunsCommand
{
    private static readonly string[] Columns = ["run_id", "run_name", "status", "line_count", "result_bucket", "result_file_path"];

    public static Command Create()
    {
        var command = new Command("runs", "Task runs: score every user of a feature set with a task, into a bucket");
        command.Add(CreateCommand());
        command.Add(ListCommand());
        command.Add(GetCommand());
        command.Add(DeleteCommand());
        command.Add(DownloadCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var name = Required("--name", "Run name, 1-100 characters, unique");
        var task = Required("--task-id", "Completed task to apply");
        var feature = Required("--feature-id", "Completed feature whose users are scored");
        var bucket = Required("--result-bucket", "Bucket for the result file");
        var path = Required("--result-file-path", "Folder (ending in /) or file-name prefix for the result");
        var wait = Wait();
        var command = new Command("create", "Score a feature set with a task") { name, task, feature, bucket, path, wait };
        command.SetHandler(async context =>
        {
            var created = await context.Client.TaskRuns.CreateAsync(new CreateTaskRunRequest(
                context.Value(name), context.Value(task), context.Value(feature), context.Value(bucket), context.Value(path)), context.Ct);
            if (!context.Value(wait))
            {
                context.Output.Resource(created);
                return ExitCodes.Success;
            }
            return await WaitAndReportAsync(context, created.RunId);
        });
        return command;
    }

    private static Command ListCommand()
    {
        var (index, limit, all) = (Index(), Limit(), All());
        var command = new Command("list", "List task runs, newest first") { index, limit, all };
        command.SetHandler(async context =>
        {
            if (context.Value(all))
            {
                var items = new List<TaskRunInfo>();
                await foreach (var item in context.Client.TaskRuns.ListAllAsync(ct: context.Ct)) items.Add(item);
                context.Output.List(new TaskRunList(0, items.Count, items.Count, items), items, Columns, null, Empty(0, 0));
                return ExitCodes.Success;
            }
            var page = await context.Client.TaskRuns.ListAsync(context.Value(index), context.Value(limit), context.Ct);
            context.Output.List(page, page.Runs, Columns, $"{page.Runs.Count} of {page.Total} from index {page.Index}",
                Empty(page.Index, page.Total));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command GetCommand()
    {
        var (id, wait) = (Id("run id"), Wait());
        var command = new Command("get", "Show a task run and where its result is") { id, wait };
        command.SetHandler(async context =>
        {
            if (context.Value(wait)) return await WaitAndReportAsync(context, context.Value(id));
            context.Output.Resource(await context.Client.TaskRuns.GetAsync(context.Value(id), context.Ct));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteCommand()
    {
        var id = Id("run id");
        var command = new Command("delete", "Delete a task run (its result file stays in the bucket)") { id };
        command.SetHandler(async context =>
        {
            var deleted = await context.Client.TaskRuns.DeleteAsync(context.Value(id), context.Ct);
            context.Output.Done(deleted, $"Deleted run {deleted.RunId}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DownloadCommand()
    {
        var id = Id("run id");
        var destination = new Argument<string?>("DEST")
        {
            Description = "File, or existing folder, to write to; - writes to stdout (default: the result's file name here)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite the file if it exists" };
        var command = new Command("download", "Copy a completed run's result file (user_id<TAB>score) from its bucket") { id, destination, force };
        command.SetHandler(async context =>
        {
            var run = await context.Client.TaskRuns.GetAsync(context.Value(id), context.Ct);
            if (run.Status != JobStatus.Completed)
                throw new CliException(ExitCodes.ApiError,
                    $"Run {run.RunId} is {run.Status}, so it has no result yet; wait with `openclue runs get {run.RunId} --wait`.");
            if (context.Value(destination) == "-")
            {
                await using var stdout = Console.OpenStandardOutput();
                await context.Buckets.CopyToAsync(run.ResultBucket, run.ResultFilePath, stdout, context.Ct);
                return ExitCodes.Success;
            }
            var target = Target(context.Value(destination), run.ResultFilePath.Split('/')[^1], context.Value(force));
            await context.Buckets.DownloadAsync(run.ResultBucket, run.ResultFilePath, target, context.Ct);
            var saved = Path.GetFullPath(target);
            context.Output.Done(new { run_id = run.RunId, result_bucket = run.ResultBucket, result_file_path = run.ResultFilePath, file = saved },
                $"Saved {run.ResultBucket}/{run.ResultFilePath} to {saved}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Where a download goes: into an existing folder under the result's name, or the file named; never over a file unless forced.</summary>
    private static string Target(string? destination, string fileName, bool force)
    {
        var target = destination is null ? Path.Combine(Directory.GetCurrentDirectory(), fileName)
            : Directory.Exists(destination) ? Path.Combine(destination, fileName)
            : destination;
        var folder = Path.GetDirectoryName(Path.GetFullPath(target));
        if (destination is not null && (destination.EndsWith('/') || destination.EndsWith(Path.DirectorySeparatorChar)) && !Directory.Exists(destination))
            throw CliException.Usage($"The folder {destination} does not exist; create it first (mkdir -p {destination}) or name a file.");
        if (folder is not null && !Directory.Exists(folder))
            throw CliException.Usage($"The folder {folder} does not exist; create it first (mkdir -p {folder}) or name another file.");
        if (File.Exists(target) && !force)
            throw CliException.Usage($"{Path.GetFullPath(target)} already exists; add --force to overwrite it, or name another file (- writes to stdout).");
        return target;
    }

    public static async Task<int> WaitAndReportAsync(CliContext context, string runId)
    {
        var final = await JobWaiting.WaitAsync<TaskRunInfo>(context, $"run {runId}", $"openclue runs get {runId} --wait",
            (progress, ct) => context.Client.TaskRuns.WaitForCompletionAsync(runId, progress, ct: ct));
        return JobWaiting.Report(context, final, final);
    }

    private static string Empty(int index, int total) => index > 0 && total > 0
        ? $"No runs from index {index} (there are {total})."
        : "No runs yet; create one with `openclue runs create`.";
}
