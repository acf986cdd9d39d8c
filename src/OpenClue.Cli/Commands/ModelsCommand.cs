using System.CommandLine;
using OpenClue.Cli.Errors;
using static OpenClue.Cli.Commands.CommonOptions;

namespace OpenClue.Cli.Commands;

/// <summary><c>openclue models list|get</c>: the NCLUE models features can be built with.</summary>
internal static class ModelsCommand
{
    private static readonly string[] Columns = ["model_name", "status", "default", "built_in", "nclue_model_status", "dimension"];

    public static Command Create()
    {
        var command = new Command("models", "NCLUE models that turn behaviours into vectors");
        var (index, limit) = (Index(), Limit());
        var list = new Command("list", "List the models of this tenant") { index, limit };
        list.SetHandler(async context =>
        {
            var page = await context.Client.Models.ListAsync(context.Value(index), context.Value(limit), context.Ct);
            context.Output.List(page, page.Models, Columns);
            return ExitCodes.Success;
        });
        var name = new Argument<string>("NAME") { Description = "The model name" };
        var get = new Command("get", "Show a model") { name };
        get.SetHandler(async context =>
        {
            context.Output.Resource(await context.Client.Models.GetAsync(context.Value(name), context.Ct));
            return ExitCodes.Success;
        });
        command.Add(list);
        command.Add(get);
        return command;
    }
}
