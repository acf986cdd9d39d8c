using System.CommandLine;
using OpenClue.Cli.Errors;
using OpenClue.Client.Nsml;
using static OpenClue.Cli.Commands.NsmlCommand;

namespace OpenClue.Cli.Commands;

/// <summary><c>openclue nsml runs list|create|get|nodes|logs|stop|delete</c>.</summary>
internal static class NsmlRunsCommand
{
    public static Command Create()
    {
        var command = new Command("runs", "NSML runs: a command executed on one or more nodes");
        command.Add(ListCommand());
        command.Add(CreateCommand());
        command.Add(GetCommand());
        command.Add(NodesCommand());
        command.Add(LogsCommand());
        command.Add(StopCommand());
        command.Add(DeleteCommand());
        return command;
    }

    private static (Argument<string> Project, Argument<string> Run) RunArguments() =>
        (new Argument<string>("PROJECT_ID") { Description = "The project id" }, new Argument<string>("RUN_NAME") { Description = "The run name (1, 2, ...)" });

    private static Command ListCommand()
    {
        var (page, pageSize) = (Page(), PageSize());
        var project = new Option<string?>("--project") { Description = "Only runs of this project" };
        var status = new Option<string?>("--status") { Description = "Only runs in these states (comma-separated, e.g. RUN_STATE_IN_PROGRESS)" };
        var type = new Option<string?>("--type") { Description = "TRAINING or NOTEBOOK" };
        var list = new Command("list", "List runs of all projects, newest first") { page, pageSize, project, status, type };
        list.SetHandler(async context =>
        {
            using var nsml = Connect(context);
            var runs = await nsml.ListRunsAsync(context.Value(page), context.Value(pageSize), context.Value(project), context.Value(status),
                context.Value(type), context.Ct);
            context.Output.List(Wire(runs), runs.RunList.Select(r => (object)Wire(r)).ToList(),
                ["projectName", "runName", "runType", "status", "createTime", "updateTime"], $"{runs.TotalCount} in all",
                "No runs on this page; create one with `openclue nsml runs create PROJECT_ID COMMAND`.");
            return ExitCodes.Success;
        });
        return list;
    }

    private static Command CreateCommand()
    {
        var project = new Argument<string>("PROJECT_ID") { Description = "The project id" };
        var run = new Argument<string?>("COMMAND") { Description = "The command every node runs (omit for notebook products)", Arity = ArgumentArity.ZeroOrOne };
        var product = new Option<int>("--product") { Description = "gpuSvrCode of a server product (`nsml products`)", DefaultValueFactory = _ => 1 };
        var nodes = new Option<int>("--nodes") { Description = "Number of nodes (one of the product's nodeCounts)", DefaultValueFactory = _ => 1 };
        var image = new Option<string>("--image") { Description = "imagePath (`GET /images/base`)", DefaultValueFactory = _ => "nvcr.io/nvidia/pytorch:21.02-py3" };
        var imageType = new Option<string>("--image-type") { Description = "BASE or CUSTOM", DefaultValueFactory = _ => "BASE" };
        var env = new Option<string[]>("--env") { Description = "NAME=VALUE, repeatable", AllowMultipleArgumentsPerToken = false };
        var note = new Option<string?>("--note") { Description = "A description" };
        var wait = new Option<bool>("--wait") { Description = "Print the run's output as it comes and wait for its end (exit 1 unless it completed)" };
        var create = new Command("create", "Create a run") { project, run, product, nodes, image, imageType, env, note, wait };
        create.SetHandler(async context =>
        {
            var envs = new Dictionary<string, string>();
            foreach (var pair in context.Parse.GetValue(env) ?? [])
            {
                var at = pair.IndexOf('=');
                if (at <= 0) throw new CliException(ExitCodes.Usage, $"--env takes NAME=VALUE, not '{pair}'.");
                envs[pair[..at]] = pair[(at + 1)..];
            }
            using var nsml = Connect(context);
            var created = await nsml.CreateRunAsync(context.Value(project), new NsmlRunRequest(context.Value(product), context.Value(nodes),
                context.Value(imageType), context.Value(image), context.Value(run), envs, context.Value(note)), context.Ct);
            if (!context.Value(wait))
            {
                context.Output.Resource(Wire(created));
                return ExitCodes.Success;
            }
            context.Output.Error.WriteLine($"Run {created.RunName} of project {created.ProjectId} created; following its output.");
            return await FollowAsync(context, nsml, created.ProjectId, created.RunName);
        });
        return create;
    }

    private static Command GetCommand()
    {
        var (project, run) = RunArguments();
        var get = new Command("get", "Show a run") { project, run };
        get.SetHandler(async context =>
        {
            using var nsml = Connect(context);
            context.Output.Resource(Wire(await nsml.GetRunAsync(context.Value(project), context.Value(run), context.Ct)));
            return ExitCodes.Success;
        });
        return get;
    }

    private static Command NodesCommand()
    {
        var (project, run) = RunArguments();
        var (page, pageSize) = (Page(), PageSize());
        var nodes = new Command("nodes", "List a run's nodes: state, host, exit code") { project, run, page, pageSize };
        nodes.SetHandler(async context =>
        {
            using var nsml = Connect(context);
            var list = await nsml.ListNodesAsync(context.Value(project), context.Value(run), context.Value(page), context.Value(pageSize), context.Ct);
            context.Output.List(Wire(list), list.Nodes.Select(n => (object)Wire(n)).ToList(), ["rank", "state", "host", "exitCode", "message"], null, "No nodes on this page.");
            return ExitCodes.Success;
        });
        return nodes;
    }

    private static Command LogsCommand()
    {
        var (project, run) = RunArguments();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output until the run ends (like kubectl logs -f)" };
        var offset = new Option<long>("--offset") { Description = "Start at this byte of the log", DefaultValueFactory = _ => 0 };
        var logs = new Command("logs", "Print a run's output (stdout and stderr of every node)") { project, run, follow, offset };
        logs.SetHandler(async context =>
        {
            using var nsml = Connect(context);
            if (context.Value(follow)) return await FollowAsync(context, nsml, context.Value(project), context.Value(run), context.Value(offset));
            var next = context.Value(offset);
            while (true)
            {
                var chunk = await nsml.ReadLogAsync(context.Value(project), context.Value(run), next, context.Ct);
                Console.Out.Write(chunk.Text);
                if (chunk.NextOffset == next) return ExitCodes.Success;
                next = chunk.NextOffset;
            }
        });
        return logs;
    }

    /// <summary>Tails the log to the run's end; exit 0 when it completed, 1 otherwise (its state and reason on stderr).</summary>
    private static async Task<int> FollowAsync(CliContext context, NsmlClient nsml, string project, string run, long offset = 0)
    {
        var ended = await nsml.FollowLogAsync(project, run, async text =>
        {
            await Console.Out.WriteAsync(text);
            await Console.Out.FlushAsync();
        }, offset: offset, ct: context.Ct);
        context.Output.Error.WriteLine($"Run {run} of project {project}: {ended.Status}" + (ended.StatusMessage is { } why ? $" ({why})" : ""));
        return ended.Status == NsmlRunStates.Completed ? ExitCodes.Success : ExitCodes.JobFailed;
    }

    private static Command StopCommand()
    {
        var (project, run) = RunArguments();
        var stop = new Command("stop", "Stop a run: TERM to every node, KILL after the grace period") { project, run };
        stop.SetHandler(async context =>
        {
            using var nsml = Connect(context);
            context.Output.Resource(Wire(await nsml.StopRunAsync(context.Value(project), context.Value(run), context.Ct)));
            return ExitCodes.Success;
        });
        return stop;
    }

    private static Command DeleteCommand()
    {
        var (project, run) = RunArguments();
        var delete = new Command("delete", "Delete an ended run and its log") { project, run };
        delete.SetHandler(async context =>
        {
            using var nsml = Connect(context);
            context.Output.Resource(Wire(await nsml.DeleteRunAsync(context.Value(project), context.Value(run), context.Ct)));
            return ExitCodes.Success;
        });
        return delete;
    }
}
