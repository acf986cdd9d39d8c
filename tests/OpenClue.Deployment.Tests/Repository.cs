namespace OpenClue.Deployment.Tests;

/// <summary>The checkout these tests run from: the deployment kit is read and built from its files.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OpenClue.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"No OpenClue.sln above {AppContext.BaseDirectory}");
    }
}
