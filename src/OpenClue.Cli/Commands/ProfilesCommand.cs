using System.CommandLine;
using OpenClue.Cli.Errors;
using OpenClue.Client.Contracts;
using static OpenClue.Cli.Commands.CommonOptions;

namespace OpenClue.Cli.Commands;

/// <summary>
/// <c>openclue profiles custom create|list|get|delete</c> (custom attributes, §1.10) and
/// <c>openclue profiles intents create|list|get|delete|download</c> (shopping intents, §1.11).
/// </summary>
internal static class ProfilesCommand
{
    private static readonly string[] CustomColumns = ["profile_id", "profile_name", "status", "keyword_set", "line_count", "result_file_path"];
    private static readonly string[] IntentColumns = ["profile_id", "profile_name", "status", "task_name", "line_count", "disk_usage"];

    public static Command Create()
    {
        var command = new Command("profiles", "User profiles: similarity to keywords (custom), what a task's target group over-indexes on (intents)");
        command.Add(Custom());
        command.Add(Intents());
        return command;
    }

    private static Command Custom()
    {
        var command = new Command("custom", "Custom attributes: every user's similarity to a keyword set, into a bucket");
        var name = Required("--name", "Profile name, 1-100 characters, unique");
        var feature = Required("--feature-id", "Completed feature whose users are profiled");
        var keywords = new Option<string[]>("--keywords")
        {
            Description = "Keywords, all counting together (AND): several values, or one separated by commas or new lines; 1,000 characters in all",
            Required = true, AllowMultipleArgumentsPerToken = true,
        };
        var bucket = Required("--result-bucket", "Bucket for the result file (user_id<TAB>similarity)");
        var path = Required("--result-file-path", "Folder (ending in /) or file-name prefix for the result");
        var wait = Wait();
        var create = new Command("create", "Score every user of a feature against keywords") { name, feature, keywords, bucket, path, wait };
        create.SetHandler(async context =>
        {
            var keywordSet = string.Join('\n', context.Value(keywords)
                .SelectMany(k => k.Split([',', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
            var created = await context.Client.CustomAttributes.CreateAsync(new CreateCustomAttributesRequest(
                context.Value(name), context.Value(feature), keywordSet, context.Value(bucket), context.Value(path)), context.Ct);
            if (!context.Value(wait))
            {
                context.Output.Resource(created);
                return ExitCodes.Success;
            }
            return await WaitCustomAsync(context, created.ProfileId);
        });
        command.Add(create);

        var (index, limit, all) = (Index(), Limit(), All());
        var list = new Command("list", "List custom-attributes profiles, newest first") { index, limit, all };
        list.SetHandler(async context =>
        {
            if (context.Value(all))
            {
                var items = new List<CustomAttributesInfo>();
                await foreach (var item in context.Client.CustomAttributes.ListAllAsync(ct: context.Ct)) items.Add(item);
                context.Output.List(new CustomAttributesList(0, items.Count, items.Count, items), items, CustomColumns, null, "No custom-attributes profiles yet.");
                return ExitCodes.Success;
            }
            var page = await context.Client.CustomAttributes.ListAsync(context.Value(index), context.Value(limit), context.Ct);
            context.Output.List(page, page.Profiles, CustomColumns, $"{page.Profiles.Count} of {page.Total} from index {page.Index}", "No custom-attributes profiles yet.");
            return ExitCodes.Success;
        });
        command.Add(list);

        var (id, waitGet) = (Id("profile id"), Wait());
        var get = new Command("get", "Show a custom-attributes profile and where its result is") { id, waitGet };
        get.SetHandler(async context =>
        {
            if (context.Value(waitGet)) return await WaitCustomAsync(context, context.Value(id));
            context.Output.Resource(await context.Client.CustomAttributes.GetAsync(context.Value(id), context.Ct));
            return ExitCodes.Success;
        });
        command.Add(get);

        var deleteId = Id("profile id");
        var delete = new Command("delete", "Delete a custom-attributes profile (its result file stays in the bucket)") { deleteId };
        delete.SetHandler(async context =>
        {
            context.Output.Resource(await context.Client.CustomAttributes.DeleteAsync(context.Value(deleteId), context.Ct));
            return ExitCodes.Success;
        });
        command.Add(delete);
        return command;
    }

    private static Command Intents()
    {
        var command = new Command("intents", "Shopping intents: what a task's top-scored decile over-indexes on");
        var name = Required("--name", "Profile name, 1-100 characters, unique");
        var task = Required("--task-id", "Completed task whose target group is profiled");
        var wait = Wait();
        var create = new Command("create", "Profile a task's target group") { name, task, wait };
        create.SetHandler(async context =>
        {
            var created = await context.Client.ShoppingIntents.CreateAsync(new CreateShoppingIntentRequest(context.Value(name), context.Value(task)), context.Ct);
            if (!context.Value(wait))
            {
                context.Output.Resource(created);
                return ExitCodes.Success;
            }
            return await WaitIntentAsync(context, created.ProfileId);
        });
        command.Add(create);

        var (index, limit, all) = (Index(), Limit(), All());
        var list = new Command("list", "List shopping-intent profiles, newest first") { index, limit, all };
        list.SetHandler(async context =>
        {
            if (context.Value(all))
            {
                var items = new List<ShoppingIntentInfo>();
                await foreach (var item in context.Client.ShoppingIntents.ListAllAsync(ct: context.Ct)) items.Add(item);
                context.Output.List(new ShoppingIntentList(0, items.Count, items.Count, items), items, IntentColumns, null, "No shopping-intent profiles yet.");
                return ExitCodes.Success;
            }
            var page = await context.Client.ShoppingIntents.ListAsync(context.Value(index), context.Value(limit), context.Ct);
            context.Output.List(page, page.Profiles, IntentColumns, $"{page.Profiles.Count} of {page.Total} from index {page.Index}", "No shopping-intent profiles yet.");
            return ExitCodes.Success;
        });
        command.Add(list);

        var (id, waitGet) = (Id("profile id"), Wait());
        var get = new Command("get", "Show a shopping-intent profile") { id, waitGet };
        get.SetHandler(async context =>
        {
            if (context.Value(waitGet)) return await WaitIntentAsync(context, context.Value(id));
            context.Output.Resource(await context.Client.ShoppingIntents.GetAsync(context.Value(id), context.Ct));
            return ExitCodes.Success;
        });
        command.Add(get);

        var deleteId = Id("profile id");
        var delete = new Command("delete", "Delete a shopping-intent profile and its stored result") { deleteId };
        delete.SetHandler(async context =>
        {
            context.Output.Resource(await context.Client.ShoppingIntents.DeleteAsync(context.Value(deleteId), context.Ct));
            return ExitCodes.Success;
        });
        command.Add(delete);

        var downloadId = Id("profile id");
        var destination = new Argument<string?>("DEST") { Description = "File or existing folder to write to (default: {profile_id}.tsv here)", Arity = ArgumentArity.ZeroOrOne };
        var download = new Command("download", "Save a completed profile's TSV (kind<TAB>name<TAB>share<TAB>lift)") { downloadId, destination };
        download.SetHandler(async context =>
        {
            var profileId = context.Value(downloadId);
            var bytes = await context.Client.ShoppingIntents.DownloadAsync(profileId, context.Ct);
            var fileName = $"{profileId}.tsv";
            var target = context.Value(destination) is { } dest
                ? Directory.Exists(dest) ? Path.Combine(dest, fileName) : dest
                : Path.Combine(Directory.GetCurrentDirectory(), fileName);
            await File.WriteAllBytesAsync(target, bytes, context.Ct);
            var saved = Path.GetFullPath(target);
            if (context.Output.IsJson) context.Output.Json(new { profile_id = profileId, file = saved, bytes = bytes.Length });
            else context.Output.Info($"Saved shopping intent {profileId} to {saved}");
            return ExitCodes.Success;
        });
        command.Add(download);
        return command;
    }

    private static async Task<int> WaitCustomAsync(CliContext context, string profileId)
    {
        var final = await JobWaiting.WaitAsync<CustomAttributesInfo>(context, $"custom attributes {profileId}", $"openclue profiles custom get {profileId} --wait",
            (progress, ct) => context.Client.CustomAttributes.WaitForCompletionAsync(profileId, progress, ct: ct));
        return JobWaiting.Report(context, final, final);
    }

    private static async Task<int> WaitIntentAsync(CliContext context, string profileId)
    {
        var final = await JobWaiting.WaitAsync<ShoppingIntentInfo>(context, $"shopping intent {profileId}", $"openclue profiles intents get {profileId} --wait",
            (progress, ct) => context.Client.ShoppingIntents.WaitForCompletionAsync(profileId, progress, ct: ct));
        return JobWaiting.Report(context, final, final);
    }
}
