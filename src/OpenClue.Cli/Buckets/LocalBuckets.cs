using OpenClue.Cli.Errors;

namespace OpenClue.Cli.Buckets;

/// <summary>
/// The server's embedded buckets: folders <c>{data-dir}/buckets/{bucket}</c> (D23), reachable when the CLI runs
/// on the server's machine with the same data folder.
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
        // Written under a temporary name and renamed, so the server never reads a half-copied dataset.
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        await using (var source = File.OpenRead(localFile))
        await using (var destination = File.Create(temp))
            await source.CopyToAsync(destination, ct);
        File.Move(temp, target, overwrite: true);
    }

    public async Task DownloadAsync(string bucket, string key, string localFile, CancellationToken ct)
    {
        await using var input = OpenExisting(bucket, key);
        await using var output = File.Create(localFile);
        await input.CopyToAsync(output, ct);
    }

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
                $"The file {source} does not exist here: run this on the server's machine with its data folder (--data-dir or OPENCLUE_DATA_DIR), or configure S3.");
        return File.OpenRead(source);
    }

    private string PathOf(string bucket, string key) =>
        Path.Combine([Root, bucket, .. key.Split('/', StringSplitOptions.RemoveEmptyEntries)]);

    private void RequireDataDir()
    {
        if (!Directory.Exists(dataDir))
            throw CliException.Usage(
                $"The OpenClue data folder {dataDir} does not exist. Run this beside the server and pass its data folder " +
                "(printed when the server starts) with --data-dir or OPENCLUE_DATA_DIR, or configure S3 with `openclue configure --s3-endpoint URL`.");
    }
}
