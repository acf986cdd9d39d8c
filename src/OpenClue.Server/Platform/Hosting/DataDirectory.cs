namespace OpenClue.Server.Platform.Hosting;

/// <summary>
/// Resolved locations under the data folder (D23). What OpenClue keeps there is its operator's alone: the folder and
/// the artifacts folder are 0700 and the databases 0600 (their WAL and journal files inherit the mode, SQLite creates
/// them like the database), also for a data folder made by an older version.
/// </summary>
public sealed class DataDirectory
{
    public const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public DataDirectory(string root)
    {
        Root = Path.GetFullPath(root);
        CreatePrivateFolder(Root);
        Directory.CreateDirectory(BucketsRoot);
        CreatePrivateFolder(ArtifactsRoot);
    }

    public string Root { get; }
    public string BucketsRoot => Path.Combine(Root, "buckets");
    public string ArtifactsRoot => Path.Combine(Root, "artifacts");
    public string MetadataDatabase => Path.Combine(Root, "openclue.db");
    public string JobsDatabase => Path.Combine(Root, "jobs.db");
    public string MasterKeyFile => Path.Combine(Root, "master.key");

    public static DataDirectory FromOptions(OpenClueOptions options)
    {
        var root = options.DataDir;
        if (string.IsNullOrWhiteSpace(root))
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".openclue", "data");
        return new DataDirectory(root);
    }

    /// <summary>Creates the SQLite database file (empty is a valid database) owner-only, or makes an existing one so.</summary>
    public static void MakePrivateDatabase(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        if (!File.Exists(path))
        {
            try
            {
                using var created = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile,
                });
            }
            catch (IOException) when (File.Exists(path)) { } // created by a concurrent start
        }
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
            if (File.Exists(file)) File.SetUnixFileMode(file, OwnerOnlyFile);
    }

    /// <summary>Creates a folder and every missing folder above it 0700 (existing ones are left as they are).</summary>
    public static void CreatePrivateFolders(string path)
    {
        if (Directory.Exists(path)) return;
        if (Path.GetDirectoryName(path) is { } parent) CreatePrivateFolders(parent);
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerOnlyFolder);
    }

    public static void CreatePrivateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, OwnerOnlyFolder);
        File.SetUnixFileMode(path, OwnerOnlyFolder);
    }
}
