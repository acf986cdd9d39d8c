namespace OpenClue.Cli.Config;

/// <summary><c>~/.openclue/config</c> (or <c>OPENCLUE_CONFIG_FILE</c>): the profiles <c>openclue configure</c> writes.</summary>
internal static class ConfigFile
{
    public const string DefaultProfile = "default";

    public static string Location =>
        Environment.GetEnvironmentVariable("OPENCLUE_CONFIG_FILE") is { Length: > 0 } file ? Path.GetFullPath(file) : Path.Combine(Home, ".openclue", "config");

    /// <summary>The server's default data folder (D23), where local buckets live.</summary>
    private static string Home => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public static IniFile Load() => File.Exists(Location) ? IniFile.Parse(File.ReadAllText(Location)) : new IniFile();

    public static void Save(IniFile ini)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Location)!);
        var temp = Location + ".tmp";
        File.WriteAllText(temp, ini.ToString());
        // It holds secret keys: readable by the owner only.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, Location, overwrite: true);
    }
}
