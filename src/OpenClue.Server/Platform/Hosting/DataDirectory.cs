namespace OpenClue.Server.Platform.Hosting;

/// <summary>Resolved locations under the data folder (D23).</summary>
public sealed class DataDirectory
{
    public DataDirectory(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(BucketsRoot);
        Directory.CreateDirectory(ArtifactsRoot);
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
}
