using System.CommandLine;
using OpenClue.Cli.Errors;
using static OpenClue.Cli.Commands.NsmlCommand;

namespace OpenClue.Cli.Commands;

/// <summary><c>openclue nsml projects list|create|get|delete</c>.</summary>
internal static class NsmlProjectsCommand
{
    public static Command Create()
    {
        var command = new Command("projects", "NSML projects: a workspace shared by their runs");
        var (page, pageSize) = (Page(), PageSize());
        var list = new Command("list", "List projects, newest first") { page, pageSize };
        list.SetHandler(async context =>
        {
            using var nsml = Connect(context);
            var projects = await nsml.ListProjectsAsync(context.Value(page), context.Value(pageSize), context.Ct);
            context.Output.List(Wire(projects), projects.Projects.Select(p => (object)Wire(p)).ToList(),
                ["projectId", "projectName", "status", "runCount", "nodeCount", "createdDate"], $"{projects.TotalCount} in all",
                "No projects on this page; create one with `openclue nsml projects create NAME`.");
            return ExitCodes.Success;
        });

        var name = new Argument<string>("NAME") { Description = "Letters, digits and '-', starting with a letter, at most 64" };
        var size = new Option<int>("--nas-size") { Description = "Workspace quota in GB, 500-5000 in steps of 100", DefaultValueFactory = _ => 500 };
        var note = new Option<string?>("--note") { Description = "A description" };
        var create = new Command("create", "Create a project") { name, size, note };
        create.SetHandler(async context =>
        {
            using var nsml = Connect(context);
            context.Output.Resource(Wire(await nsml.CreateProjectAsync(context.Value(name), context.Value(size), context.Value(note), context.Ct)));
            return ExitCodes.Success;
        });

        var id = new Argument<string>("PROJECT_ID") { Description = "The project id" };
        var get = new Command("get", "Show a project") { id };
        get.SetHandler(async context =>
        {
            using var nsml = Connect(context);
            context.Output.Resource(Wire(await nsml.GetProjectAsync(context.Value(id), context.Ct)));
            return ExitCodes.Success;
        });
        var deleteId = new Argument<string>("PROJECT_ID") { Description = "The project id" };
        var delete = new Command("delete", "Delete a project, its runs and its workspace (refused while a run is in progress)") { deleteId };
        delete.SetHandler(async context =>
        {
            using var nsml = Connect(context);
            context.Output.Resource(await nsml.DeleteProjectAsync(context.Value(deleteId), context.Ct));
            return ExitCodes.Success;
        });
        command.Add(list);
        command.Add(create);
        command.Add(get);
        command.Add(delete);
        return command;
    }
}
