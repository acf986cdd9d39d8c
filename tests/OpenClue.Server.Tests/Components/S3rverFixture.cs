using System.Diagnostics;
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
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";

    private Process? _process;
    private IAmazonS3? _client;
    private readonly System.Text.StringBuilder _log = new();

    /// <summary>Why the component is unavailable (tests are skipped); null when it runs.</summary>
    public string? Unavailable { get; private set; }
    public string Endpoint { get; private set; } = "";
    public string DataDirectory { get; private set; } = "";
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

        DataDirectory = ProcessRunner.TraversableTempDirectory("openclue-s3rver");
        var data = Directory.CreateDirectory(Path.Combine(DataDirectory, "data")).FullName;
        var script = Path.Combine(DataDirectory, "launch-s3rver.js");
        await File.WriteAllTextAsync(script, S3rverLauncher.Script);

        var port = ProcessRunner.FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo(ComponentEnvironment.Node()!)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // s3rver's ListObjectsV2 continuation tokens use DES, which Node 17+ (OpenSSL 3) only offers through the legacy provider.
        foreach (var a in new[] { "--openssl-legacy-provider", script, ComponentEnvironment.S3rverScript()!, data, "127.0.0.1", port.ToString() }) info.ArgumentList.Add(a);
        _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node");
        _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await WaitUntilAnsweringAsync(TimeSpan.FromSeconds(30));
        _client = S3ClientFactory.Create(Settings());
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited) throw new InvalidOperationException($"s3rver exited with {_process.ExitCode}:\n{Log}");
            try
            {
                using var response = await http.GetAsync(Endpoint + "/");
                if ((int)response.StatusCode < 500) return; // any S3 answer (403 without a signature) means it is up
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"s3rver did not answer at {Endpoint} within {timeout}:\n{Log}");
    }

    public string Log { get { lock (_log) return _log.ToString(); } }

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
    public IReadOnlyList<string> UnfinishedUploadKeys(string bucket)
    {
        var dir = Path.Combine(DataDirectory, "data", bucket, S3rverLauncher.UploadsFolder);
        if (!Directory.Exists(dir)) return [];
        return Directory.GetDirectories(dir)
            .Select(d => Path.Combine(d, "key"))
            .Where(File.Exists)
            .Select(File.ReadAllText)
            .ToList();
    }

    public Task DisposeAsync()
    {
        _client?.Dispose();
        if (_process is { HasExited: false })
        {
            try { _process.Kill(entireProcessTree: true); _process.WaitForExit(10_000); } catch (InvalidOperationException) { }
        }
        _process?.Dispose();
        if (DataDirectory.Length > 0)
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }
}
