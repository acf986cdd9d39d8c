using System.CommandLine;
using OpenClue.Cli.Errors;
using OpenClue.Client.Contracts;
using static OpenClue.Cli.Commands.CommonOptions;

namespace OpenClue.Cli.Commands;

/// <summary><c>openclue features create|list|get|delete</c>.</summary>
internal static class FeaturesCommand
{
    private static readonly string[] Columns = ["feature_id", "feature_name", "status", "user_count", "nclue_model_name", "created_at"];

    public static Command Create()
    {
        var command = new Command("features", "Feature sets: users' behaviour sequences turned into vectors");
        command.Add(CreateCommand());
        command.Add(ListCommand());
        command.Add(GetCommand());
        command.Add(DeleteCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var name = Required("--name", "Feature name, 1-100 characters, unique");
        var bucket = Required("--source-bucket", "Bucket holding the sequence dataset");
        var path = Required("--source-file-path", "Dataset file, or folder of part files, inside the bucket");
        var model = Optional("--nclue-model-name", "NCLUE model to build with (default: the tenant's default model)");
        var wait = Wait();
        var command = new Command("create", "Create a feature set from a sequence dataset") { name, bucket, path, model, wait };
        command.SetHandler(async context =>
        {
            var created = await context.Client.Features.CreateAsync(
                new CreateFeatureRequest(context.Value(name), context.Value(bucket), context.Value(path), context.Value(model)), context.Ct);
            if (!context.Value(wait))
            {
                context.Output.Resource(created);
                return ExitCodes.Success;
            }
            return await WaitAndReportAsync(context, created.FeatureId);
        });
        return command;
    }

    private static Command ListCommand()
    {
        var (index, limit, all) = (Index(), Limit(), All());
        var command = new Command("list", "List features, newest first") { index, limit, all };
        command.SetHandler(async context =>
        {
            if (context.Value(all))
            {
                var items = new List<FeatureInfo>();
                await foreach (var item in context.Client.Features.ListAllAsync(ct: context.Ct)) items.Add(item);
                context.Output.List(new FeatureList(0, items.Count, items.Count, items), items, Columns, null, Empty(0, 0));
                return ExitCodes.Success;
            }
            var page = await context.Client.Features.ListAsync(context.Value(index), context.Value(limit), context.Ct);
            context.Output.List(page, page.Features, Columns, $"{page.Features.Count} of {page.Total} from index {page.Index}",
                Empty(page.Index, page.Total));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command GetCommand()
    {
        var (id, wait) = (Id("feature id"), Wait());
        var command = new Command("get", "Show a feature") { id, wait };
        command.SetHandler(async context =>
        {
            if (context.Value(wait)) return await WaitAndReportAsync(context, context.Value(id));
            var feature = await context.Client.Features.GetAsync(context.Value(id), context.Ct);
            context.Output.Resource(feature);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command DeleteCommand()
    {
        var id = Id("feature id");
        var command = new Command("delete", "Delete a feature (or cancel it while registered)") { id };
        command.SetHandler(async context =>
        {
            var deleted = await context.Client.Features.DeleteAsync(context.Value(id), context.Ct);
            context.Output.Done(deleted, $"Deleted feature {deleted.FeatureId}.");
            return ExitCodes.Success;
        });
        return command;
    }

    public static async Task<int> WaitAndReportAsync(CliContext context, string featureId)
    {
        var final = await JobWaiting.WaitAsync<FeatureInfo>(context, $"feature {featureId}", $"openclue features get {featureId} --wait",
            (progress, ct) => context.Client.Features.WaitForCompletionAsync(featureId, progress, ct: ct));
        return JobWaiting.Report(context, final, final);
    }

    private static string Empty(int index, int total) => index > 0 && total > 0
        ? $"No features from index {index} (there are {total})."
        : "No features yet; create one with `openclue features create`.";
}
