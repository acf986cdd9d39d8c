using System.CommandLine;
using OpenClue.Cli.Errors;
using OpenClue.Client.Contracts;
using static OpenClue.Cli.Commands.CommonOptions;

namespace OpenClue.Cli.Commands;

/// <summary><c>openclue models list|get|create|deprecate|default</c>: the NCLUE models features are built with.</summary>
internal static class ModelsCommand
{
    private static readonly string[] Columns = ["model_name", "status", "default", "built_in", "nclue_model_status", "dimension"];

    public static Command Create()
    {
        var command = new Command("models", "NCLUE models that turn behaviours into vectors");
        command.Add(ListCommand());
        command.Add(GetCommand());
        command.Add(CreateCommand());
        command.Add(DeprecateCommand());
        command.Add(DefaultCommand());
        return command;
    }

    private static Command ListCommand()
    {
        var (index, limit, all) = (Index(), Limit(), All());
        var command = new Command("list", "List the models of this tenant") { index, limit, all };
        command.SetHandler(async context =>
        {
            if (context.Value(all))
            {
                var items = new List<ModelInfo>();
                await foreach (var item in context.Client.Models.ListAllAsync(ct: context.Ct)) items.Add(item);
                context.Output.List(new ModelList(0, items.Count, items.Count, items), items, Columns, null, Empty(0, 0));
                return ExitCodes.Success;
            }
            var page = await context.Client.Models.ListAsync(context.Value(index), context.Value(limit), context.Ct);
            context.Output.List(page, page.Models, Columns, $"{page.Models.Count} of {page.Total} from index {page.Index}",
                Empty(page.Index, page.Total));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command GetCommand()
    {
        var (name, wait) = (Name(), Wait());
        var command = new Command("get", "Show a model") { name, wait };
        command.SetHandler(async context =>
        {
            if (context.Value(wait)) return await WaitAndReportAsync(context, context.Value(name));
            context.Output.Resource(await context.Client.Models.GetAsync(context.Value(name), context.Ct));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateCommand()
    {
        var name = Required("--name", "Model name, unique in the tenant");
        var bucket = Required("--source-bucket", "Bucket holding the behaviour corpus (a sequence dataset)");
        var path = Required("--source-file-path", "Dataset file, or folder of part files, inside the bucket");
        var wait = Wait();
        var command = new Command("create", "Pretrain a behaviour model on this tenant's own sequence dataset") { name, bucket, path, wait };
        command.SetHandler(async context =>
        {
            var created = await context.Client.Models.CreateAsync(
                new CreateModelRequest(context.Value(name), context.Value(bucket), context.Value(path)), context.Ct);
            if (!context.Value(wait))
            {
                context.Output.Resource(created);
                return ExitCodes.Success;
            }
            return await WaitAndReportAsync(context, created.ModelName);
        });
        return command;
    }

    private static Command DeprecateCommand()
    {
        var name = Name();
        var command = new Command("deprecate", "Mark a model deprecated: its features keep working, new features should use another") { name };
        command.SetHandler(async context =>
        {
            var model = await context.Client.Models.DeprecateAsync(context.Value(name), context.Ct);
            context.Output.Done(model, $"Deprecated model {model.ModelName}; features built with it keep working.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DefaultCommand()
    {
        var name = Name();
        var command = new Command("default", "Make a model the one new features use when they name none") { name };
        command.SetHandler(async context =>
        {
            var model = await context.Client.Models.SetDefaultAsync(context.Value(name), context.Ct);
            context.Output.Done(model, $"Model {model.ModelName} is now the default for new features.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Argument<string> Name() => new("NAME") { Description = "The model name" };

    public static async Task<int> WaitAndReportAsync(CliContext context, string modelName)
    {
        var final = await JobWaiting.WaitAsync<ModelInfo>(context, $"model {modelName}", $"openclue models get {modelName} --wait",
            (progress, ct) => context.Client.Models.WaitForCompletionAsync(modelName, progress, ct: ct));
        return JobWaiting.Report(context, final, final);
    }

    private static string Empty(int index, int total) => index > 0 && total > 0
        ? $"No models from index {index} (there are {total})."
        : "No models yet; create one with `openclue models create`.";
}
