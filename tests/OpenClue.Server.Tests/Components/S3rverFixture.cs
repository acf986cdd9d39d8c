using Amazon.S3;
using Amazon.S3.Model;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Storage.S3;

namespace OpenClue.Server.Tests.Components;

/// <summary>
/// A throwaway s3rver on a free loopback port with its data in a temporary folder, shared by the
/// <see cref="S3rverCollection"/>. Buckets are created on demand. Killed and deleted on dispose.
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string AccessKey = S3rverLauncher.Key;
    public const string SecretKey = S3rverLauncher.Key;

    private S3rverLauncher? _s3rver;
    private IAmazonS3? _client;

    /// <summary>Why the component is unavailable (tests are skipped); null when it runs.</summary>
    public string? Unavailable { get; private set; }
    public string Endpoint => _s3rver?.Endpoint ?? "";
    public IAmazonS3 Client => _client ?? throw new InvalidOperationException($"s3rver is not running: {Unavailable}");

    public S3Settings Settings(string? accessKey = null, string? secretKey = null) => new()
    {
        Endpoint = Endpoint,
        Region = "us-east-1",
        AccessKey = accessKey ?? AccessKey,
        SecretKey = secretKey ?? SecretKey,
        ForcePathStyle = true,
    };

    public async Task InitializeAsync()
    {
        Unavailable = ComponentEnvironment.CheckAvailable(Component.S3rver);
        if (Unavailable is not null) return;
        _s3rver = await S3rverLauncher.StartAsync();
        _client = S3ClientFactory.Create(Settings());
    }

    public string Log => _s3rver?.Log ?? "";

    /// <summary>Creates a bucket with a fresh name (or the given one) and returns its name.</summary>
    public async Task<string> CreateBucketAsync(string? name = null)
    {
        name ??= "b-" + Guid.NewGuid().ToString("N")[..12];
        await Client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    /// <summary>Puts a test object directly (unchunked, as s3rver needs).</summary>
    public Task PutAsync(string bucket, string key, byte[] content) =>
        Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket, Key = key, InputStream = new MemoryStream(content), UseChunkEncoding = false,
        });

    public async Task<byte[]?> GetAsync(string bucket, string key)
    {
        try
        {
            using var response = await Client.GetObjectAsync(bucket, key);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            return copy.ToArray();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Keys with an unfinished multipart upload, read from s3rver's own upload folders on disk.</summary>
    public IReadOnlyList<string> UnfinishedUploadKeys(string bucket) => _s3rver?.UnfinishedUploadKeys(bucket) ?? [];

    public Task DisposeAsync()
    {
        _client?.Dispose();
        _s3rver?.Dispose();
        return Task.CompletedTask;
    }
}
