using OpenClue.Cli.Buckets;
using OpenClue.Cli.Config;
using OpenClue.Cli.Tests.Infrastructure;

namespace OpenClue.Cli.Tests;

/// <summary>upload and runs download against S3-compatible storage, with the configured S3 key.</summary>
public sealed class S3BucketsTests
{
    [ComponentFact(Component.S3rver)]
    public async Task Upload_then_download_gives_back_the_same_bytes()
    {
        using var s3 = await S3rverLauncher.StartAsync();
        using var buckets = new S3Buckets(new S3Settings { Endpoint = s3.Endpoint, AccessKey = S3rverLauncher.Key, SecretKey = S3rverLauncher.Key });
        var dir = Directory.CreateTempSubdirectory("openclue-cli-s3-files-").FullName;
        try
        {
            var source = Path.Combine(dir, "seq.tsv");
            var bytes = new byte[3 << 20];
            new Random(5).NextBytes(bytes);
            await File.WriteAllBytesAsync(source, bytes);

            await buckets.EnsureBucketAsync("cli-s3", default);
            await buckets.EnsureBucketAsync("cli-s3", default); // already there: no error
            await buckets.UploadAsync(source, "cli-s3", "in/한국/seq.tsv", default);
            var copy = Path.Combine(dir, "copy.tsv");
            await buckets.DownloadAsync("cli-s3", "in/한국/seq.tsv", copy, default);

            Assert.Equal(bytes, await File.ReadAllBytesAsync(copy));
            Assert.Equal("s3://cli-s3/in/한국/seq.tsv", buckets.Describe("cli-s3", "in/한국/seq.tsv"));
        }
        finally
        {
            TempFolders.Delete(dir);
        }
    }

    [ComponentFact(Component.S3rver)]
    public async Task A_missing_object_or_bucket_is_a_usage_error_naming_it()
    {
        using var s3 = await S3rverLauncher.StartAsync();
        using var buckets = new S3Buckets(new S3Settings { Endpoint = s3.Endpoint, AccessKey = S3rverLauncher.Key, SecretKey = S3rverLauncher.Key });

        var folder = Directory.CreateTempSubdirectory("openclue-cli-s3-missing-").FullName;
        try
        {
            await buckets.EnsureBucketAsync("cli-s3-missing", default);
            foreach (var (bucket, key) in new[] { ("no-such-bucket", "x.tsv"), ("cli-s3-missing", "no/such.tsv") })
            {
                var error = await Assert.ThrowsAsync<OpenClue.Cli.Errors.CliException>(() =>
                    buckets.DownloadAsync(bucket, key, Path.Combine(folder, "never.tsv"), default));
                Assert.Contains($"s3://{bucket}/{key} does not exist", error.Message);
                Assert.Empty(Directory.GetFileSystemEntries(folder)); // no empty file, no temporary file
            }
        }
        finally
        {
            TempFolders.Delete(folder);
        }
    }
}
