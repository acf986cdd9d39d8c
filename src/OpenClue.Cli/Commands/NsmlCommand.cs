using System.CommandLine;
using System.Text.Json;
using OpenClue.Cli.Errors;
using OpenClue.Client.Nsml;

namespace OpenClue.Cli.Commands;

/// <summary><c>openclue nsml ...</c>: CLOVA NSML projects, runs, server products and SSH keys on the same server and profile.</summary>
internal static class NsmlCommand
{
    public static Command Create()
    {
        var command = new Command("nsml", "CLOVA NSML: projects, runs that execute commands, server products, SSH keys");
        command.Add(NsmlProjectsCommand.Create());
        command.Add(NsmlRunsCommand.Create());
        command.Add(ProductsCommand());
        command.Add(KeysCommand());
        return command;
    }

    /// <summary>An NSML client for the profile's endpoint and key (the CLI's own client speaks NCLUE).</summary>
    public static NsmlClient Connect(CliContext context)
    {
        var (accessKey, secretKey) = context.Settings.RequireCredentials();
        return NsmlClient.Create(context.Settings.Endpoint, accessKey, secretKey, new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) },
            Environment.GetEnvironmentVariable("OPENCLUE_NSML_API_KEY"));
    }

    /// <summary>A value as it is on the wire (camelCase), for tables and <c>-o json</c> alike.</summary>
    public static JsonElement Wire(object value) => JsonSerializer.SerializeToElement(value, value.GetType(), JsonSerializerOptions.Web);

    public static Option<int> Page() => new("--page") { Description = "Page number, from 1", DefaultValueFactory = _ => 1 };

    public static Option<int> PageSize() => new("--page-size") { Description = "Items per page, 1-100", DefaultValueFactory = _ => 10 };

    private static Command ProductsCommand()
    {
        var command = new Command("products", "List the server products runs are created with (gpuSvrCode, node counts)");
        command.SetHandler(async context =>
        {
            using var nsml = Connect(context);
            var list = await nsml.ListServerProductsAsync(context.Ct);
            context.Output.List(Wire(list), list.ServerProductList.Select(p => (object)Wire(p)).ToList(),
                ["gpuSvrCode", "useType", "nodeCounts", "productName", "serverProductCode"], null, "This server offers no server products.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command KeysCommand()
    {
        var command = new Command("keys", "SSH authentication keys");
        var list = new Command("list", "List the registered keys");
        list.SetHandler(async context =>
        {
            using var nsml = Connect(context);
            var keys = await nsml.ListAuthKeysAsync(context.Ct);
            context.Output.List(Wire(keys), keys.KeyList.Select(k => (object)Wire(k)).ToList(), ["title", "name", "fingerprint", "createTime"], null,
                "No SSH keys yet; add one with `openclue nsml keys add TITLE ~/.ssh/id_ed25519.pub`.");
            return ExitCodes.Success;
        });
        var title = new Argument<string>("TITLE") { Description = "Key title: letters, digits and '-', starting with a letter" };
        var file = new Argument<string>("PUBLIC_KEY_FILE") { Description = "An SSH public key file (e.g. ~/.ssh/id_ed25519.pub)" };
        var add = new Command("add", "Register an SSH public key") { title, file };
        add.SetHandler(async context =>
        {
            using var nsml = Connect(context);
            var key = (await File.ReadAllTextAsync(context.Value(file), context.Ct)).Trim();
            context.Output.Resource(Wire(await nsml.CreateAuthKeyAsync(context.Value(title), key, context.Ct)));
            return ExitCodes.Success;
        });
        var deleteTitle = new Argument<string>("TITLE") { Description = "Key title" };
        var name = new Argument<string>("NAME") { Description = "The generated key name (see `keys list`)" };
        var delete = new Command("delete", "Delete a key") { deleteTitle, name };
        delete.SetHandler(async context =>
        {
            using var nsml = Connect(context);
            context.Output.Resource(await nsml.DeleteAuthKeyAsync(context.Value(deleteTitle), context.Value(name), context.Ct));
            return ExitCodes.Success;
        });
        command.Add(list);
        command.Add(add);
        command.Add(delete);
        return command;
    }
}
