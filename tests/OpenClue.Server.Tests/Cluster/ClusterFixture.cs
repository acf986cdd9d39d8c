using OpenClue.Client;
using OpenClue.Server.Tests.Components;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Cluster;

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<PostgresFixture>, ICollectionFixture<S3rverFixture>
{
    public const string Name = "cluster";
}

/// <summary>
/// The configuration every process of one scaled-out deployment shares (docs/deploy.md): one PostgreSQL
/// database, one s3rver for customer buckets and artifacts, one master key.
/// </summary>
public sealed class ClusterDeployment(PostgresFixture postgres, S3rverFixture s3) : IAsyncDisposable
{
    public const string AccessKey = "AKCLUSTER";
    public const string Secret = "cluster-secret";
    private readonly List<ServerProcess> _processes = [];
    private readonly List<string> _folders = [];
    private Dictionary<string, string> _settings = [];

    public string DataBucket { get; private set; } = "";
    public string ArtifactBucket { get; private set; } = "";
    public string Database { get; private set; } = "";

    public async Task InitializeAsync(IDictionary<string, string>? extra = null)
    {
        Database = await postgres.CreateDatabaseAsync();
        DataBucket = await s3.CreateBucketAsync();
        ArtifactBucket = await s3.CreateBucketAsync();
        _settings = new Dictionary<string, string>
        {
            ["OpenClue:Database"] = Database,
            ["OpenClue:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["OpenClue:ObjectStorage:Endpoint"] = s3.Endpoint,
            ["OpenClue:ObjectStorage:Region"] = "us-east-1",
            ["OpenClue:ObjectStorage:AccessKey"] = S3rverFixture.AccessKey,
            ["OpenClue:ObjectStorage:SecretKey"] = S3rverFixture.SecretKey,
            ["OpenClue:ArtifactStore"] = $"s3://{ArtifactBucket}/openclue",
            ["OpenClue:Worker:Concurrency"] = "1",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) _settings[key] = value;
    }

    public async Task<ServerProcess> StartAsync(string role)
    {
        var folder = Directory.CreateTempSubdirectory("openclue-node-").FullName;
        _folders.Add(folder);
        var process = await ServerProcess.StartAsync(folder, AccessKey, Secret, _settings, role);
        _processes.Add(process);
        return process;
    }

    public static HttpClient Client(ServerProcess process) =>
        new(new SignatureV2Handler(AccessKey, Secret) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = process.BaseAddress };

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
        foreach (var folder in _folders) OpenClueHost.TryDeleteDirectory(folder);
    }
}
