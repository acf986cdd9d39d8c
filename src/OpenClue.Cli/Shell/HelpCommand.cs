using System.CommandLine;
using OpenClue.Cli.Errors;

namespace OpenClue.Cli.Shell;

/// <summary><c>openclue help [COMMAND...]</c>: the same help as <c>openclue COMMAND... --help</c>.</summary>
internal static class HelpCommand
{
    public static Command Create(RootCommand root)
    {
        var path = new Argument<string[]>("COMMAND") { Description = "The command to explain, e.g. `features create`", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "Show help for a command") { path };
        command.SetAction(parse =>
        {
            var names = parse.GetValue(path) ?? [];
            var target = root.Parse(names);
            // An unknown name gets the same "did you mean" as a mistyped command.
            if (target.Errors.Count > 0 && TypoHints.Unknown(target) is { } unknown)
            {
                Console.Error.WriteLine($"Error: there is no command '{unknown}'.{TypoHints.Suggestion(target, unknown)}");
                return ExitCodes.Usage;
            }
            return GroupHelp.Show(root, names);
        });
        return command;
    }
}
