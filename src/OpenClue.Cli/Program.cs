using System.CommandLine;
using OpenClue.Cli.Commands;
using OpenClue.Cli.Demo;
using OpenClue.Cli.Errors;

namespace OpenClue.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("openclue: drive an OpenClue (or NCLUE) server: features, tasks, task runs, buckets, and a demo.")
        {
            ConfigureCommand.Create(),
            FeaturesCommand.Create(),
            TasksCommand.Create(),
            RunsCommand.Create(),
            ModelsCommand.Create(),
            ProfilesCommand.Create(),
            UploadCommand.Create(),
            DemoCommand.Create(),
        };
        GlobalOptions.AddTo(root);

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // Usage errors get exit code 2 (System.CommandLine's own handler would answer 1, which means "job failed" here).
            foreach (var error in parse.Errors) Console.Error.WriteLine("Error: " + error.Message);
            Console.Error.WriteLine("Run `openclue --help` (or `openclue COMMAND --help`) for usage.");
            return ExitCodes.Usage;
        }
        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }
}
