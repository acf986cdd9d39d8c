using System.CommandLine;
using OpenClue.Cli.Errors;

namespace OpenClue.Cli.Shell;

/// <summary>A group typed alone (<c>openclue</c>, <c>openclue features</c>) prints its help and succeeds, as gh and kubectl do.</summary>
internal static class GroupHelp
{
    public static void AddTo(RootCommand root)
    {
        foreach (var command in Walk(root))
            if (command.Subcommands.Count > 0 && command.Action is null)
                command.SetAction(parse => Show(root, Path(parse.CommandResult.Command, root)));
    }

    /// <summary>Prints the help of the command at <paramref name="path"/> (names below the root).</summary>
    public static int Show(RootCommand root, IReadOnlyList<string> path)
    {
        root.Parse([.. path, "--help"]).Invoke();
        return ExitCodes.Success;
    }

    public static IEnumerable<Command> Walk(Command command)
    {
        yield return command;
        foreach (var sub in command.Subcommands)
            foreach (var nested in Walk(sub))
                yield return nested;
    }

    private static List<string> Path(Command command, RootCommand root) => Find(root, command, []) ?? [];

    private static List<string>? Find(Command from, Command target, List<string> trail)
    {
        if (ReferenceEquals(from, target)) return trail;
        foreach (var sub in from.Subcommands)
            if (Find(sub, target, [.. trail, sub.Name]) is { } found)
                return found;
        return null;
    }
}
