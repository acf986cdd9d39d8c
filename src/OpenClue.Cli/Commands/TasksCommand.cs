using System.CommandLine;
using System.Net;
using OpenClue.Cli.Errors;
using OpenClue.Cli.Output;
using OpenClue.Client;
using OpenClue.Client.Contracts;
using Spectre.Console;
using static OpenClue.Cli.Commands.CommonOptions;

namespace OpenClue.Cli.Commands;

/// <summary><c>openclue tasks create|list|get|delete|report</c>.</summary>
internal static class TasksCommand
{
    private static readonly string[] Columns = ["task_id", "task_name", "status", "AUROC", "train_feature_name", "created_at"];

    public static Command Create()
    {
        var command = new Command("tasks", "Task models: binary classifiers trained on a feature set and 0/1 labels");
        command.Add(CreateCommand());
        command.Add(ListCommand());
        command.Add(GetCommand());
        command.Add(DeleteCommand());
        command.Add(ReportCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var name = Required("--name", "Task name, 1-100 characters, unique");
        var trainFeature = Required("--train-feature-id", "Completed feature covering the train users");
        var trainBucket = Required("--train-bucket", "Bucket of the train label file");
        var trainPath = Required("--train-file-path", "Train label file (user_id<TAB>0|1) inside the bucket");
        var testFeature = Optional("--test-feature-id", "Feature of the test users (all three --test-* or none)");
        var testBucket = Optional("--test-bucket", "Bucket of the test label file");
        var testPath = Optional("--test-file-path", "Test label file inside the bucket");
        var wait = Wait();
        var command = new Command("create", "Train a task model; without a test set 20% of the train users are held out")
        {
            name, trainFeature, trainBucket, trainPath, testFeature, testBucket, testPath, wait,
        };
        command.SetHandler(async context =>
        {
            var created = await context.Client.Tasks.CreateAsync(new CreateTaskRequest(
                context.Value(name), context.Value(trainFeature), context.Value(trainBucket), context.Value(trainPath),
                context.Value(testFeature), context.Value(testBucket), context.Value(testPath)), context.Ct);
            if (!context.Value(wait))
            {
                context.Output.Resource(created);
                return ExitCodes.Success;
            }
            return await WaitAndReportAsync(context, created.TaskId);
        });
        return command;
    }

    private static Command ListCommand()
    {
        var (index, limit, all) = (Index(), Limit(), All());
        var command = new Command("list", "List tasks, newest first") { index, limit, all };
        command.SetHandler(async context =>
        {
            if (context.Value(all))
            {
                var items = new List<TaskInfo>();
                await foreach (var item in context.Client.Tasks.ListAllAsync(ct: context.Ct)) items.Add(item);
                context.Output.List(new TaskList(0, items.Count, items.Count, items), items, Columns, null, Empty(0, 0));
                return ExitCodes.Success;
            }
            var page = await context.Client.Tasks.ListAsync(context.Value(index), context.Value(limit), context.Ct);
            context.Output.List(page, page.Tasks, Columns, $"{page.Tasks.Count} of {page.Total} from index {page.Index}",
                Empty(page.Index, page.Total));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command GetCommand()
    {
        var (id, wait) = (Id("task id"), Wait());
        var command = new Command("get", "Show a task and its AUROC") { id, wait };
        command.SetHandler(async context =>
        {
            if (context.Value(wait)) return await WaitAndReportAsync(context, context.Value(id));
            context.Output.Resource(await context.Client.Tasks.GetAsync(context.Value(id), context.Ct));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteCommand()
    {
        var id = Id("task id");
        var command = new Command("delete", "Delete a task (or cancel it while registered)") { id };
        command.SetHandler(async context =>
        {
            var deleted = await context.Client.Tasks.DeleteAsync(context.Value(id), context.Ct);
            context.Output.Done(deleted, $"Deleted task {deleted.TaskId}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ReportCommand()
    {
        var id = Id("task id");
        var command = new Command("report", "Show a completed task's training report and ROC curve") { id };
        command.SetHandler(async context =>
        {
            var taskId = context.Value(id);
            TaskReport report;
            try
            {
                report = await context.Client.Tasks.GetReportAsync(taskId, context.Ct);
            }
            catch (OpenClueApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                throw new CliException(ExitCodes.ApiError,
                    $"There is no report for task {taskId}: {e.Details?.TrimEnd('.') ?? "not found"} (the task may not exist, or the server may predate task reports).");
            }
            if (!context.Output.IsMachine) WriteReport(context.Output, report);
            else if (context.Output.Format == OutputFormat.Tsv) context.Output.Resource(report);
            else context.Output.Json(report);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteReport(CliOutput output, TaskReport report)
    {
        var summary = new Table().Border(TableBorder.Rounded).AddColumn("field").AddColumn("value");
        foreach (var (field, value) in new (string, object?)[]
        {
            ("auroc", report.Auroc), ("model_family", report.ModelFamily), ("train_users", report.TrainUsers),
            ("test_users", report.TestUsers), ("test_source", report.TestSource), ("refit_on_all", report.RefitOnAll),
            ("training_seconds", report.TrainingSeconds),
        })
            summary.AddRow(field, Markup.Escape(value?.ToString() ?? "-"));
        output.Write(summary);
        if (report.Roc is { Count: > 0 } roc)
            output.Write(new Panel(new Text(string.Join('\n', RocChart.Render(roc))))
                .Header($"ROC curve, AUROC {report.Auroc:0.0000}").Border(BoxBorder.Rounded));
        foreach (var (title, terms) in new[] { ("Pointing to label 1", report.TopPositive), ("Pointing to label 0", report.TopNegative) })
        {
            if (terms is not { Count: > 0 }) continue;
            var table = new Table().Border(TableBorder.Rounded).Title(title).AddColumn("kind").AddColumn("name").AddColumn("weight");
            foreach (var term in terms) table.AddRow(Markup.Escape(term.Kind), Markup.Escape(term.Name), term.Weight.ToString("0.000"));
            output.Write(table);
        }
    }

    public static async Task<int> WaitAndReportAsync(CliContext context, string taskId)
    {
        var final = await JobWaiting.WaitAsync<TaskInfo>(context, $"task {taskId}", $"openclue tasks get {taskId} --wait",
            (progress, ct) => context.Client.Tasks.WaitForCompletionAsync(taskId, progress, ct: ct));
        return JobWaiting.Report(context, final, final);
    }

    private static string Empty(int index, int total) => index > 0 && total > 0
        ? $"No tasks from index {index} (there are {total})."
        : "No tasks yet; create one with `openclue tasks create`.";
}
