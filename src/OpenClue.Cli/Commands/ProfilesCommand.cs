using System.CommandLine;
using OpenClue.Cli.Errors;
using OpenClue.Client;
using OpenClue.Client.Contracts;
using static OpenClue.Cli.Commands.CommonOptions;

namespace OpenClue.Cli.Commands;

/// <summary>
/// <c>openclue profiles custom create|list|get|delete</c> (custom attributes, §1.10) and
/// <c>openclue profiles intents create|list|get|delete|download</c> (shopping intents, §1.11).
/// </summary>
internal static class ProfilesCommand
{
    private static readonly ProfileKind<CustomAttributesInfo, CustomAttributesList> CustomKind = new(
        "custom", "custom attributes", "custom-attributes profile", "Show a custom-attributes profile and where its result is",
        "Delete a custom-attributes profile (its result file stays in the bucket)",
        ["profile_id", "profile_name", "status", "keyword_set", "line_count", "result_file_path"],
        (client, index, limit, ct) => client.CustomAttributes.ListAsync(index, limit, ct), page => (page.Profiles, page.Index, page.Total),
        items => new CustomAttributesList(0, items.Count, items.Count, items), (client, ct) => client.CustomAttributes.ListAllAsync(ct: ct),
        (client, id, ct) => client.CustomAttributes.GetAsync(id, ct), (client, id, ct) => client.CustomAttributes.DeleteAsync(id, ct),
        (client, id, progress, ct) => client.CustomAttributes.WaitForCompletionAsync(id, progress, ct: ct));

    private static readonly ProfileKind<ShoppingIntentInfo, ShoppingIntentList> IntentKind = new(
        "intents", "shopping intent", "shopping-intent profile", "Show a shopping-intent profile", "Delete a shopping-intent profile and its stored result",
        ["profile_id", "profile_name", "status", "task_name", "line_count", "disk_usage"],
        (client, index, limit, ct) => client.ShoppingIntents.ListAsync(index, limit, ct), page => (page.Profiles, page.Index, page.Total),
        items => new ShoppingIntentList(0, items.Count, items.Count, items), (client, ct) => client.ShoppingIntents.ListAllAsync(ct: ct),
        (client, id, ct) => client.ShoppingIntents.GetAsync(id, ct), (client, id, ct) => client.ShoppingIntents.DeleteAsync(id, ct),
        (client, id, progress, ct) => client.ShoppingIntents.WaitForCompletionAsync(id, progress, ct: ct));

    /// <summary>The client calls and words of one profile kind.</summary>
    private sealed record ProfileKind<TInfo, TList>(
        string Command, string Label, string Noun, string GetDescription, string DeleteDescription, string[] Columns,
        Func<OpenClueClient, int, int, CancellationToken, Task<TList>> List,
        Func<TList, (IReadOnlyList<TInfo> Items, int Index, int Total)> Page,
        Func<List<TInfo>, TList> Whole,
        Func<OpenClueClient, CancellationToken, IAsyncEnumerable<TInfo>> ListAll,
        Func<OpenClueClient, string, CancellationToken, Task<TInfo>> Get,
        Func<OpenClueClient, string, CancellationToken, Task<ProfileDeleted>> Delete,
        Func<OpenClueClient, string, Action<TInfo>, CancellationToken, Task<TInfo>> Wait) where TInfo : IJobResource where TList : class;

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
            return await WaitAsync(context, CustomKind, created.ProfileId);
        });
        command.Add(create);

        AddListGetDelete(command, CustomKind);
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
            return await WaitAsync(context, IntentKind, created.ProfileId);
        });
        command.Add(create);

        AddListGetDelete(command, IntentKind);

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

    /// <summary>The list, get and delete commands of a profile kind, the same for both but for the client calls.</summary>
    private static void AddListGetDelete<TInfo, TList>(Command command, ProfileKind<TInfo, TList> kind) where TInfo : IJobResource where TList : class
    {
        var (index, limit, all) = (Index(), Limit(), All());
        var list = new Command("list", $"List {kind.Noun}s, newest first") { index, limit, all };
        list.SetHandler(async context =>
        {
            if (context.Value(all))
            {
                var items = new List<TInfo>();
                await foreach (var item in kind.ListAll(context.Client, context.Ct)) items.Add(item);
                context.Output.List(kind.Whole(items), items.Cast<object>().ToList(), kind.Columns, null, Empty(kind.Command, 0, 0));
                return ExitCodes.Success;
            }
            var page = await kind.List(context.Client, context.Value(index), context.Value(limit), context.Ct);
            var (profiles, from, total) = kind.Page(page);
            context.Output.List(page, profiles.Cast<object>().ToList(), kind.Columns, $"{profiles.Count} of {total} from index {from}", Empty(kind.Command, from, total));
            return ExitCodes.Success;
        });
        command.Add(list);

        var (id, waitGet) = (Id("profile id"), Wait());
        var get = new Command("get", kind.GetDescription) { id, waitGet };
        get.SetHandler(async context =>
        {
            if (context.Value(waitGet)) return await WaitAsync(context, kind, context.Value(id));
            context.Output.Resource(await kind.Get(context.Client, context.Value(id), context.Ct));
            return ExitCodes.Success;
        });
        command.Add(get);

        var deleteId = Id("profile id");
        var delete = new Command("delete", kind.DeleteDescription) { deleteId };
        delete.SetHandler(async context =>
        {
            context.Output.Resource(await kind.Delete(context.Client, context.Value(deleteId), context.Ct));
            return ExitCodes.Success;
        });
        command.Add(delete);
    }

    private static async Task<int> WaitAsync<TInfo, TList>(CliContext context, ProfileKind<TInfo, TList> kind, string profileId) where TInfo : IJobResource where TList : class
    {
        var final = await JobWaiting.WaitAsync<TInfo>(context, $"{kind.Label} {profileId}", $"openclue profiles {kind.Command} get {profileId} --wait",
            (progress, ct) => kind.Wait(context.Client, profileId, progress, ct));
        return JobWaiting.Report(context, final, final);
    }

    private static string Empty(string kind, int index, int total) => index > 0 && total > 0
        ? $"No profiles from index {index} (there are {total})."
        : $"No profiles yet; create one with `openclue profiles {kind} create`.";
}
