using System.CommandLine;
using OpenClue.Cli.Config;
using OpenClue.Cli.Output;

namespace OpenClue.Cli.Commands;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string> Profile = new("--profile")
    {
        Description = $"Profile of the config file to use (default: OPENCLUE_PROFILE, else '{ConfigFile.DefaultProfile}')",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OPENCLUE_PROFILE") is { Length: > 0 } name ? name : ConfigFile.DefaultProfile,
        Recursive = true,
    };

    public static readonly Option<string?> Output = CreateOutput();

    public static readonly Option<string?> Query = new("--query")
    {
        Description = "Print only these values of the JSON result, one per line: e.g. 'features[*].feature_id', '.status', '$.AUROC'",
        HelpName = "path",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show each request, its answer and request id on stderr",
        Recursive = true,
    };

    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "The server's data folder, to read and write its local buckets directly on its machine (default: OPENCLUE_DATA_DIR, the profile's data_dir; none: through the server's API)",
        Recursive = true,
    };

    /// <summary>The chosen format; without <c>--output</c>, a table on a terminal and tab-separated lines otherwise.</summary>
    public static OutputFormat FormatOf(ParseResult parse, bool stdoutIsTerminal) => parse.GetValue(Output) switch
    {
        "json" => OutputFormat.Json,
        "tsv" => OutputFormat.Tsv,
        "table" => OutputFormat.Table,
        _ => stdoutIsTerminal ? OutputFormat.Table : OutputFormat.Tsv,
    };

    private static Option<string?> CreateOutput()
    {
        var option = new Option<string?>("--output", "-o")
        {
            Description = "table for people (default on a terminal), tsv for pipes (default otherwise), json for programs (stdout then holds only JSON)",
            HelpName = "table|tsv|json",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("table", "tsv", "json");
        return option;
    }

    public static void AddTo(RootCommand root)
    {
        root.Add(Profile);
        root.Add(Output);
        root.Add(Query);
        root.Add(Verbose);
        root.Add(DataDir);
    }
}
