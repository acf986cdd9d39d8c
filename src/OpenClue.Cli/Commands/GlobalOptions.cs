using System.CommandLine;
using OpenClue.Cli.Config;
using OpenClue.Cli.Output;

namespace OpenClue.Cli.Commands;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string> Profile = new("--profile")
    {
        Description = $"Profile of {ConfigFile.Location} to use",
        DefaultValueFactory = _ => ConfigFile.DefaultProfile,
        Recursive = true,
    };

    public static readonly Option<OutputFormat> Output = new("--output", "-o")
    {
        Description = "table for people, json for programs (stdout then holds only JSON)",
        HelpName = "table|json",
        DefaultValueFactory = _ => OutputFormat.Table,
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show each request, its answer and request id on stderr",
        Recursive = true,
    };

    public static readonly Option<string?> DataDir = new("--data-dir")
    {
        Description = "The server's data folder, for local buckets (default: OPENCLUE_DATA_DIR, the profile's data_dir, ~/.openclue/data)",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Add(Profile);
        root.Add(Output);
        root.Add(Verbose);
        root.Add(DataDir);
    }
}
