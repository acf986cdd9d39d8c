using System.CommandLine;

namespace OpenClue.Cli.Shell;

/// <summary>"Did you mean": the subcommands and options closest to a mistyped word (edit distance, or a shared prefix).</summary>
internal static class TypoHints
{
    /// <summary>The first word the parser did not recognise, if any.</summary>
    public static string? Unknown(ParseResult parse) => parse.UnmatchedTokens.FirstOrDefault();

    /// <summary>" Did you mean `openclue features`?" or empty.</summary>
    public static string Suggestion(ParseResult parse, string word)
    {
        var command = parse.CommandResult.Command;
        var names = word.StartsWith('-')
            ? command.Options.Concat(parse.RootCommandResult.Command.Options.Where(o => o.Recursive)).SelectMany(o => o.Aliases.Prepend(o.Name))
            : command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name));
        var close = names.Distinct()
            .Select(name => (Name: name, Distance: Distance(word.ToLowerInvariant(), name)))
            .Where(c => c.Distance <= Math.Max(1, c.Name.Length / 3) || (word.Length >= 3 && c.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name).Take(3).ToList();
        if (close.Count == 0) return "";
        var prefix = string.Join(' ', CommandPath(parse));
        return " Did you mean " + string.Join(" or ", close.Select(n => $"`{prefix} {n}`")) + "?";
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            names.Push(result.Command is RootCommand ? "openclue" : result.Command.Name);
        return names;
    }

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
