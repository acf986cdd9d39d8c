namespace OpenClue.Server.WebConsole.Components;

/// <summary>The console's navigation: adding a resource to the console is one page plus one line here.</summary>
public static class ConsoleNavigation
{
    public sealed record Item(string Label, string Href);

    public static readonly IReadOnlyList<Item> Items =
    [
        new("Features", "/console/features"),
        new("Tasks", "/console/tasks"),
        new("Task runs", "/console/task-runs"),
        new("Models", "/console/models"),
        new("Profiles", "/console/profiles"),
    ];
}
