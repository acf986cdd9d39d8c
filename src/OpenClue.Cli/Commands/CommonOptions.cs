using System.CommandLine;

namespace OpenClue.Cli.Commands;

/// <summary>Options and arguments shared by the features, tasks, runs and models commands.</summary>
internal static class CommonOptions
{
    public static Option<string> Required(string name, string description) =>
        new(name) { Description = description, Required = true };

    public static Option<string?> Optional(string name, string description) => new(name) { Description = description };

    public static Option<bool> Wait() => new("--wait") { Description = "Wait until the job is completed or failed, with a live status line on stderr" };

    public static Option<int> Index() => new("--index") { Description = "Start position (0-based offset)", DefaultValueFactory = _ => 0 };

    public static Option<int> Limit() => new("--limit") { Description = "Page size, 1-100", DefaultValueFactory = _ => 20 };

    public static Option<bool> All() => new("--all") { Description = "Every item, page after page (ignores --index and --limit)" };

    public static Argument<string> Id(string what) => new("ID") { Description = $"The {what}" };
}
