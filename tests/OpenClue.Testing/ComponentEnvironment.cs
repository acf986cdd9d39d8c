namespace OpenClue.Testing;

/// <summary>
/// Finds the component binaries. Outside CI a missing component skips its tests; with <c>CI=true</c> the fixture
/// throws instead, so a CI machine without them fails loudly rather than passing by skipping.
/// </summary>
public static class ComponentEnvironment
{
    public const string S3rverVariable = "OPENCLUE_S3RVER";
    public const string DefaultS3rver = "/opt/openclue-s3rver/node_modules/s3rver/bin/s3rver.js";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when the component can be started here, else a sentence saying what is missing and how to get it.</summary>
    public static string? Missing(Component component) => component switch
    {
        Component.S3rver => S3rverScript() is null
            ? $"s3rver was not found: set {S3rverVariable} to s3rver.js, or `npm install s3rver@3.7.1` into {DefaultS3rver[..DefaultS3rver.IndexOf("/node_modules", StringComparison.Ordinal)]} or the repository root"
            : Node() is null ? "node was not found on PATH (needed to run s3rver)" : null,
        Component.Postgres => PostgresBin() is null
            ? "PostgreSQL was not found (/usr/lib/postgresql/*/bin/initdb): `apt-get install -y postgresql`"
            : IsRoot && !UserExists("postgres") ? "running as root, but there is no 'postgres' user to run initdb as" : null,
        _ => throw new ArgumentOutOfRangeException(nameof(component)),
    };

    public static string? S3rverScript()
    {
        var candidates = new List<string?> { Environment.GetEnvironmentVariable(S3rverVariable), DefaultS3rver };
        if (RepositoryRoot() is { } root) candidates.Add(Path.Combine(root, "node_modules", "s3rver", "bin", "s3rver.js"));
        return candidates.FirstOrDefault(p => !string.IsNullOrWhiteSpace(p) && File.Exists(p));
    }

    public static string? Node() => OnPath("node") ?? OnPath("nodejs");

    /// <summary>The bin folder of the newest installed PostgreSQL (15 preferred, as CI installs it).</summary>
    public static string? PostgresBin()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return OnPath("initdb") is { } initdb ? Path.GetDirectoryName(initdb) : null;
        var bins = Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => Path.GetFileName(Path.GetDirectoryName(b)) == "15")
            .ThenByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
            .ToList();
        return bins.FirstOrDefault();
    }

    public static bool IsRoot => Environment.UserName == "root";

    public static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
                return dir.FullName;
        return null;
    }

    /// <summary>Throws in CI (the run must fail), otherwise returns the reason the tests will be skipped.</summary>
    public static string? CheckAvailable(Component component)
    {
        var missing = Missing(component);
        if (missing is not null && IsCi) throw new InvalidOperationException($"CI=true but {component} cannot start: {missing}");
        return missing;
    }

    private static bool UserExists(string user) =>
        File.Exists("/etc/passwd") && File.ReadLines("/etc/passwd").Any(l => l.StartsWith(user + ":", StringComparison.Ordinal));

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
