using OpenClue.Cli.Errors;

namespace OpenClue.Cli.Buckets;

/// <summary>
/// The server's embedded buckets read and written directly as folders <c>{data-dir}/buckets/{bucket}</c> (D23): used
/// when the data folder is named (<c>--data-dir</c>, <c>OPENCLUE_DATA_DIR</c>, the profile's <c>data_dir</c>), that is,
/// on the server's own machine.
/// </summary>
internal sealed class LocalBuckets(string dataDir) : IBuckets
{
    private string Root => Path.Combine(dataDir, "buckets");

    public string Describe(string bucket, string key) => PathOf(bucket, key);

    public Task EnsureBucketAsync(string bucket, CancellationToken ct)
    {
        RequireDataDir();
        Directory.CreateDirectory(Path.Combine(Root, bucket));
        return Task.CompletedTask;
    }

    public async Task UploadAsync(string localFile, string bucket, string key, CancellationToken ct)
    {
        RequireDataDir();
        var bucketDir = Path.Combine(Root, bucket);
        if (!Directory.Exists(bucketDir))
            throw CliException.Usage($"There is no bucket '{bucket}' (no folder {bucketDir}); create the folder first.");
        var target = PathOf(bucket, key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Written whole or not at all, so the server never reads a half-copied dataset.
        await using var source = File.OpenRead(localFile);
        await LocalFile.WriteAsync(target, destination => source.CopyToAsync(destination, ct));
    }

    public Task DownloadAsync(string bucket, string key, string localFile, CancellationToken ct) =>
        LocalFile.WriteAsync(localFile, output => CopyToAsync(bucket, key, output, ct));

    public async Task CopyToAsync(string bucket, string key, Stream destination, CancellationToken ct)
    {
        await using var input = OpenExisting(bucket, key);
        await input.CopyToAsync(destination, ct);
    }

    private FileStream OpenExisting(string bucket, string key)
    {
        var source = PathOf(bucket, key);
        if (!File.Exists(source))
            throw CliException.Usage(
                $"The file {source} does not exist here: check the data folder named by --data-dir, OPENCLUE_DATA_DIR or the profile's data_dir, or name none to go through the server's API.");
        return File.OpenRead(source);
    }

    private string PathOf(string bucket, string key) =>
        Path.Combine([Root, bucket, .. key.Split('/', StringSplitOptions.RemoveEmptyEntries)]);

    private void RequireDataDir()
    {
        if (!Directory.Exists(dataDir))
            throw CliException.Usage(
                $"The OpenClue data folder {dataDir} does not exist. Name the server's data folder (printed when it starts) with " +
                "--data-dir or OPENCLUE_DATA_DIR, or name none to upload and download through the server's API.");
    }
}
