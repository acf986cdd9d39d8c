using System.CommandLine;
using OpenClue.Cli.Commands;
using OpenClue.Cli.Demo;
using OpenClue.Cli.Errors;
using OpenClue.Cli.Shell;

namespace OpenClue.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("openclue: drive an OpenClue (or NCLUE) server: features, tasks, task runs, buckets, and a demo.");
        // One line per command group; add new groups here.
        root.Add(ConfigureCommand.Create());
        root.Add(FeaturesCommand.Create());
        root.Add(TasksCommand.Create());
        root.Add(RunsCommand.Create());
        root.Add(ModelsCommand.Create());
        root.Add(NsmlCommand.Create());
        root.Add(ProfilesCommand.Create());
        root.Add(UploadCommand.Create());
        root.Add(DemoCommand.Create());
        root.Add(CompletionCommand.Create());
        root.Add(HelpCommand.Create(root));
        GlobalOptions.AddTo(root);
        GroupHelp.AddTo(root);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // Usage errors get exit code 2 (System.CommandLine's own handler would answer 1, which means "job failed" here).
            var unknown = TypoHints.Unknown(parse);
            foreach (var error in parse.Errors) Console.Error.WriteLine("Error: " + error.Message);
            if (unknown is not null && TypoHints.Suggestion(parse, unknown) is { Length: > 0 } suggestion)
                Console.Error.WriteLine(suggestion.TrimStart());
            Console.Error.WriteLine("Run `openclue help` (or `openclue help COMMAND`) for usage.");
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }
}
