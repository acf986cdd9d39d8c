using System.Security.Cryptography;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Storage.S3;

namespace OpenClue.Server.Tests.Components;

/// <summary>S3ArtifactStore against a real s3rver.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ArtifactStoreTests(S3rverFixture s3)
{
    private const int MiB = 1 << 20;

    private async Task<(S3ArtifactStore Store, string Bucket)> StoreAsync(string prefix = "openclue/artifacts")
    {
        var bucket = await s3.CreateBucketAsync();
        var store = new S3ArtifactStore(s3.Client, $"s3://{bucket}/{prefix}",
            new S3TransferOptions { PartSize = 5 * MiB, BaseDelay = TimeSpan.FromMilliseconds(10) });
        return (store, bucket);
    }

    private static async Task<byte[]> ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [ComponentFact(Component.S3rver)]
    public async Task Written_artifacts_read_back_byte_identical_under_the_prefix()
    {
        var (store, bucket) = await StoreAsync();
        var small = S3ObjectStorageTests.Bytes(1000, 1);
        var large = S3ObjectStorageTests.Bytes(11 * MiB + 3, 2); // three 5 MiB parts

        var key = ArtifactKeys.FeatureShard("t1", "f1", 0);
        Assert.Equal(small.Length, await store.WriteAsync(key, (s, ct) => s.WriteAsync(small, ct).AsTask(), default));
        Assert.Equal(large.Length, await store.WriteAsync(ArtifactKeys.TaskModel("t1", "m1"), (s, _) =>
        {
            s.Write(large);
            return Task.CompletedTask;
        }, default));

        await using (var read = store.OpenRead(key)) Assert.Equal(small, await ReadAll(read));
        await using (var read = store.OpenRead(ArtifactKeys.TaskModel("t1", "m1")))
            Assert.Equal(SHA256.HashData(large), SHA256.HashData(await ReadAll(read)));
        await using (var range = store.OpenRange(key, 10, 20))
            Assert.Equal(small[10..20], await ReadAll(range));
        Assert.Equal(small, await s3.GetAsync(bucket, "openclue/artifacts/t1/features/f1/shard-00000.ocfs"));
        Assert.Empty(s3.UnfinishedUploadKeys(bucket));
    }

    [ComponentFact(Component.S3rver)]
    public async Task A_missing_artifact_reads_as_FileNotFoundException()
    {
        var (store, _) = await StoreAsync();
        await using var read = store.OpenRead("t1/tasks/none.model");
        await Assert.ThrowsAsync<FileNotFoundException>(() => ReadAll(read));
    }

    [ComponentFact(Component.S3rver)]
    public async Task TotalBytes_sums_only_the_tenants_own_objects()
    {
        var (store, bucket) = await StoreAsync();
        await store.WriteAsync("t1/features/f1/shard-00000.ocfs", (s, ct) => s.WriteAsync(new byte[100], ct).AsTask(), default);
        await store.WriteAsync("t1/features/f1/shard-00001.ocfs", (s, ct) => s.WriteAsync(new byte[250], ct).AsTask(), default);
        await store.WriteAsync("t1/tasks/m.model", (s, ct) => s.WriteAsync(new byte[6 * MiB], ct).AsTask(), default);
        await store.WriteAsync("t10/tasks/m.model", (s, ct) => s.WriteAsync(new byte[999], ct).AsTask(), default);
        await s3.PutAsync(bucket, "elsewhere/t1/x", new byte[77]);

        Assert.Equal(100 + 250 + 6 * MiB, await store.TotalBytesAsync("t1", default));
        Assert.Equal(999, await store.TotalBytesAsync("t10", default));
        Assert.Equal(0, await store.TotalBytesAsync("t2", default));
    }

    [ComponentFact(Component.S3rver)]
    public async Task Delete_removes_one_artifact_or_a_whole_folder_and_ignores_missing_ones()
    {
        var (store, bucket) = await StoreAsync("p");
        foreach (var key in new[] { "t1/features/f1/shard-00000.ocfs", "t1/features/f1/shard-00001.ocfs", "t1/features/f10/shard-00000.ocfs", "t1/tasks/a.model" })
            await store.WriteAsync(key, (s, ct) => s.WriteAsync(new byte[10], ct).AsTask(), default);

        await store.DeleteAsync(ArtifactKeys.FeatureFolder("t1", "f1"), default);
        await store.DeleteAsync("t1/tasks/a.model", default);
        await store.DeleteAsync("t1/tasks/a.model", default);          // already gone
        await store.DeleteAsync("t1/runs/none/", default);             // nothing there

        Assert.Null(await s3.GetAsync(bucket, "p/t1/features/f1/shard-00000.ocfs"));
        Assert.Null(await s3.GetAsync(bucket, "p/t1/features/f1/shard-00001.ocfs"));
        Assert.Null(await s3.GetAsync(bucket, "p/t1/tasks/a.model"));
        Assert.NotNull(await s3.GetAsync(bucket, "p/t1/features/f10/shard-00000.ocfs")); // f10 is not under f1/
        Assert.Equal(10, await store.TotalBytesAsync("t1", default));
    }

    [ComponentFact(Component.S3rver)]
    public async Task DeletePrefix_deletes_more_than_one_batch()
    {
        var (store, bucket) = await StoreAsync();
        var keys = Enumerable.Range(0, 1_020).Select(i => $"openclue/artifacts/t1/runs/r1/scores-{i:D5}.tsv").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (k, _) => await s3.PutAsync(bucket, k, [1]));

        Assert.Equal(1_020, await store.DeletePrefixAsync(ArtifactKeys.RunFolder("t1", "r1"), default));
        Assert.Equal(0, await store.TotalBytesAsync("t1", default));
    }

    [Fact]
    public void S3Uri_parses_bucket_and_prefix()
    {
        Assert.Equal(new S3Uri("my-bucket", "a/b"), S3Uri.Parse("s3://my-bucket/a/b/"));
        Assert.Equal(new S3Uri("my-bucket", ""), S3Uri.Parse("s3://my-bucket"));
        Assert.Equal("a/b/t1/x", S3Uri.Parse("s3://my-bucket/a/b").KeyOf("t1/x"));
        Assert.Equal("t1/x", S3Uri.Parse("s3://my-bucket/").KeyOf("t1/x"));
        Assert.Throws<FormatException>(() => S3Uri.Parse("local"));
        Assert.Throws<FormatException>(() => S3Uri.Parse("s3://Bad_Bucket/x"));
        Assert.Throws<FormatException>(() => S3Uri.Parse("s3://bucket/a/../b"));
    }

    [Fact]
    public void Checksum_modes_map_to_the_sdk_settings()
    {
        Assert.Equal(Amazon.Runtime.RequestChecksumCalculation.WHEN_REQUIRED, S3ClientFactory.ParseChecksumMode(null).Request);
        Assert.Equal(Amazon.Runtime.ResponseChecksumValidation.WHEN_SUPPORTED, S3ClientFactory.ParseChecksumMode("when_supported").Response);
        Assert.Throws<ArgumentException>(() => S3ClientFactory.ParseChecksumMode("ALWAYS"));
        using var aws = S3ClientFactory.Create(new S3Settings { Region = "ap-northeast-2", AccessKey = "a", SecretKey = "b" });
        Assert.Equal("ap-northeast-2", aws.Config.RegionEndpoint?.SystemName);
        using var ncp = S3ClientFactory.Create(new S3Settings { Endpoint = "https://kr.object.ncloudstorage.com", Region = "kr-standard", AccessKey = "a", SecretKey = "b" });
        Assert.Equal("https://kr.object.ncloudstorage.com", ncp.Config.ServiceURL.TrimEnd('/'));
        Assert.Equal("kr-standard", ((Amazon.S3.AmazonS3Config)ncp.Config).AuthenticationRegion);
    }
}
