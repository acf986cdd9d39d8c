using System.Security.Cryptography;
using Amazon.S3.Model;
using OpenClue.Modeling.Data;
using OpenClue.Server.Platform.Storage;
using OpenClue.Server.Platform.Storage.S3;

namespace OpenClue.Server.Tests.Components;

/// <summary>S3ObjectStorage against a real s3rver: nothing is mocked.</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3ObjectStorageTests(S3rverFixture s3)
{
    private const int MiB = 1 << 20;
    private static readonly S3TransferOptions FastRetries = new() { BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(100) };

    private S3ObjectStorage Storage() => new(s3.Client, FastRetries);

    internal static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static async Task<byte[]> ReadAllSync(Stream stream, int chunk)
    {
        await Task.Yield();
        using var copy = new MemoryStream();
        var buffer = new byte[chunk];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) copy.Write(buffer, 0, n);
        return copy.ToArray();
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    // ---- BucketExists ---------------------------------------------------------------------------------------

    [ComponentFact(Component.S3rver)]
    public async Task BucketExists_is_true_for_a_bucket_and_false_for_a_missing_or_invalid_one()
    {
        var bucket = await s3.CreateBucketAsync();
        var storage = Storage();
        Assert.True(await storage.BucketExistsAsync(bucket, default));
        Assert.False(await storage.BucketExistsAsync("missing-" + bucket, default));
        Assert.False(await storage.BucketExistsAsync("Not_A_Bucket", default));
    }

    // ---- ResolveInput ---------------------------------------------------------------------------------------

    [ComponentFact(Component.S3rver)]
    public async Task Resolve_finds_a_single_file()
    {
        var bucket = await s3.CreateBucketAsync();
        await s3.PutAsync(bucket, "in/data.tsv", Bytes(1234, 1));
        await s3.PutAsync(bucket, "in/data.tsv.bak", Bytes(10, 2));

        var found = await Storage().ResolveInputAsync(bucket, "in/data.tsv", default);

        Assert.NotNull(found);
        var only = Assert.Single(found);
        Assert.Equal(new StoredObject("in/data.tsv", 1234), only);
    }

    [ComponentFact(Component.S3rver)]
    public async Task Resolve_lists_a_directory_recursively_in_ordinal_order_skipping_underscore_and_dot_names()
    {
        var bucket = await s3.CreateBucketAsync();
        foreach (var key in new[]
                 {
                     "out/part-00001", "out/part-00000", "out/_SUCCESS", "out/.part-00000.crc", "out/sub/part-00002",
                     "out/sub/.hidden", "out/_temporary/0/part-x", "out/Zeta", "out/sub/", "out2/not-mine", "out.txt",
                 })
            await s3.PutAsync(bucket, key, key.EndsWith('/') ? [] : Bytes(100, key.Length));

        foreach (var path in new[] { "out", "out/" })
        {
            var found = await Storage().ResolveInputAsync(bucket, path, default);
            Assert.NotNull(found);
            Assert.Equal(["out/Zeta", "out/part-00000", "out/part-00001", "out/sub/part-00002"], found.Select(o => o.Key));
            Assert.All(found, o => Assert.Equal(100, o.Size));
        }
    }

    [ComponentFact(Component.S3rver)]
    public async Task Resolve_answers_null_for_nothing_and_an_empty_list_for_markers_only()
    {
        var bucket = await s3.CreateBucketAsync();
        await s3.PutAsync(bucket, "done/_SUCCESS", []);
        await s3.PutAsync(bucket, "file.tsv", Bytes(5, 3));
        var storage = Storage();

        Assert.Null(await storage.ResolveInputAsync(bucket, "nothing/here.tsv", default));
        Assert.Null(await storage.ResolveInputAsync(bucket, "nothing/", default));
        Assert.Null(await storage.ResolveInputAsync(bucket, "file.tsv/", default)); // a trailing '/' means a directory
        Assert.Null(await storage.ResolveInputAsync("missing-" + bucket, "file.tsv", default));
        var markersOnly = await storage.ResolveInputAsync(bucket, "done", default);
        Assert.NotNull(markersOnly);
        Assert.Empty(markersOnly);
    }

    [ComponentFact(Component.S3rver)]
    public async Task Resolve_pages_through_more_than_one_listing_page()
    {
        var bucket = await s3.CreateBucketAsync();
        var keys = Enumerable.Range(0, 1_050).Select(i => $"many/p-{i:D5}").ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (key, _) => await s3.PutAsync(bucket, key, [1, 2, 3]));

        var found = await Storage().ResolveInputAsync(bucket, "many", default);

        Assert.NotNull(found);
        Assert.Equal(keys, found.Select(o => o.Key));
    }

    // ---- Reads ----------------------------------------------------------------------------------------------

    [ComponentFact(Component.S3rver)]
    public async Task OpenRead_streams_a_20_MiB_object_byte_identical_with_sync_and_async_reads()
    {
        var bucket = await s3.CreateBucketAsync();
        var content = Bytes(20 * MiB, 20);
        await s3.PutAsync(bucket, "big/object.bin", content);
        var storage = Storage();

        await using (var stream = storage.OpenRead(bucket, "big/object.bin"))
        {
            Assert.True(stream.CanRead);
            Assert.False(stream.CanSeek);
            Assert.False(stream.CanWrite);
            Assert.Equal(SHA256.HashData(content), SHA256.HashData(await ReadAllSync(stream, 65_537)));
        }
        await using (var stream = storage.OpenRead(bucket, "big/object.bin"))
            Assert.Equal(SHA256.HashData(content), SHA256.HashData(await ReadAllAsync(stream)));
    }

    [ComponentFact(Component.S3rver)]
    public async Task OpenRange_reads_exactly_the_requested_bytes()
    {
        var bucket = await s3.CreateBucketAsync();
        var content = Bytes(3 * MiB + 17, 7);
        await s3.PutAsync(bucket, "r.bin", content);
        var storage = Storage();

        foreach (var (start, end) in new (long, long?)[]
                 {
                     (0, 2), (0, null), (1, 1 + MiB), (MiB, null), (content.Length - 5, null), (content.Length - 5, content.Length),
                     (123, 124), (content.Length, null), (content.Length + 10, null), (500, 500),
                 })
        {
            await using var stream = storage.OpenRange(bucket, "r.bin", start, end);
            var expected = start >= content.Length ? [] : content[(int)start..(int)Math.Min(end ?? content.Length, content.Length)];
            Assert.Equal(expected, await ReadAllSync(stream, 4096));
        }
    }

    [ComponentFact(Component.S3rver)]
    public async Task Reading_an_empty_object_gives_no_bytes()
    {
        var bucket = await s3.CreateBucketAsync();
        await s3.PutAsync(bucket, "empty", []);
        await using var stream = Storage().OpenRead(bucket, "empty");
        Assert.Empty(await ReadAllAsync(stream));
    }

    [ComponentFact(Component.S3rver)]
    public async Task A_missing_object_or_bucket_fails_with_NOT_EXIST_FILE_on_the_first_read()
    {
        var bucket = await s3.CreateBucketAsync();
        var storage = Storage();

        using var missing = storage.OpenRead(bucket, "no/such.tsv"); // lazy: nothing is requested yet
        var ex = Assert.Throws<StorageException>(() => missing.ReadByte());
        Assert.Equal(FailMessages.NotExistFile, ex.FailMessage);

        using var noBucket = storage.OpenRead("missing-" + bucket, "x.tsv");
        var ex2 = await Assert.ThrowsAsync<StorageException>(() => noBucket.ReadAsync(new byte[10]).AsTask());
        Assert.Equal(FailMessages.NotExistFile, ex2.FailMessage);
    }

    [ComponentFact(Component.S3rver)]
    public async Task A_read_cut_off_mid_body_resumes_from_its_position_with_a_ranged_get()
    {
        var bucket = await s3.CreateBucketAsync();
        var content = Bytes(6 * MiB, 11);
        await s3.PutAsync(bucket, "flaky.bin", content);
        await using var proxy = new FlakyProxy(new Uri(s3.Endpoint), cutAfterBytes: 2 * MiB, cuts: 1);
        using var client = S3ClientFactory.Create(s3.Settings() with { Endpoint = proxy.Endpoint });
        var storage = new S3ObjectStorage(client, FastRetries);

        await using var stream = storage.OpenRead(bucket, "flaky.bin");
        var read = await ReadAllSync(stream, 65_536);

        Assert.Equal(1, proxy.CutsMade);        // the first connection was really cut...
        Assert.True(proxy.Connections >= 2);   // ...and the read went on over a new one
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(read));
    }

    [ComponentFact(Component.S3rver)]
    public async Task A_body_that_stops_arriving_is_resumed_and_a_read_that_keeps_stalling_fails_OBS_DOWNLOAD_FAILED()
    {
        var bucket = await s3.CreateBucketAsync();
        var content = Bytes(6 * MiB, 12);
        await s3.PutAsync(bucket, "stalled.bin", content);
        var stallFast = FastRetries with { ReadStall = TimeSpan.FromSeconds(1), MaxReadResumes = 2 };

        // One connection goes silent mid-body: the read gives up on it and resumes from its position.
        await using (var once = new FlakyProxy(new Uri(s3.Endpoint), cutAfterBytes: 2 * MiB, cuts: 1, stall: true))
        {
            using var client = S3ClientFactory.Create(s3.Settings() with { Endpoint = once.Endpoint });
            await using var stream = new S3ObjectStorage(client, stallFast).OpenRead(bucket, "stalled.bin");
            Assert.Equal(SHA256.HashData(content), SHA256.HashData(await ReadAllSync(stream, 65_536)));
            Assert.Equal(1, once.CutsMade);
        }

        // The service stops answering (as a paused s3rver would): the read fails with the documented fail message,
        // through the synchronous and the asynchronous read alike.
        await using var always = new FlakyProxy(new Uri(s3.Endpoint), cutAfterBytes: 0, cuts: int.MaxValue, stall: true);
        using var stalledClient = S3ClientFactory.Create(s3.Settings() with { Endpoint = always.Endpoint });
        var storage = new S3ObjectStorage(stalledClient, stallFast);
        await using (var stream = storage.OpenRead(bucket, "stalled.bin"))
        {
            var error = await Assert.ThrowsAsync<StorageException>(() => ReadAllSync(stream, 65_536));
            Assert.Equal(FailMessages.ObsDownloadFailed, error.FailMessage);
            Assert.Contains("Limits:ReadStall", error.Message);
        }
        await using (var stream = storage.OpenRead(bucket, "stalled.bin"))
        {
            var error = await Assert.ThrowsAsync<StorageException>(() => ReadAllAsync(stream));
            Assert.Equal(FailMessages.ObsDownloadFailed, error.FailMessage);
        }
        Assert.True(always.CutsMade >= 2, $"each read should have stalled, stalls: {always.CutsMade}");
    }

    [ComponentFact(Component.S3rver)]
    public async Task Forbidden_requests_map_to_OBS_USER_FILE_ACCESS_ERROR_and_a_forbidden_bucket_does_not_exist()
    {
        // s3rver has no ACLs (and does not check V4 signatures), but it refuses an unknown access key with 403
        // InvalidAccessKeyId, which is how S3 answers too.
        var bucket = await s3.CreateBucketAsync();
        await s3.PutAsync(bucket, "secret.tsv", Bytes(10, 1));
        using var client = S3ClientFactory.Create(s3.Settings(accessKey: "NOT-A-KNOWN-KEY"));
        var storage = new S3ObjectStorage(client, FastRetries);

        Assert.False(await storage.BucketExistsAsync(bucket, default));
        using var read = storage.OpenRead(bucket, "secret.tsv");
        Assert.Equal(FailMessages.ObsUserFileAccessError, Assert.Throws<StorageException>(() => read.ReadByte()).FailMessage);
        var resolve = await Assert.ThrowsAsync<StorageException>(() => storage.ResolveInputAsync(bucket, "dir/", default).AsTask());
        Assert.Equal(FailMessages.ObsUserFileAccessError, resolve.FailMessage);
        var publish = await Assert.ThrowsAsync<StorageException>(() =>
            storage.PublishAsync(bucket, "out/result.tsv", (s, ct) => s.WriteAsync(new byte[100], ct).AsTask(), default));
        Assert.Equal(FailMessages.ObsUserFileAccessError, publish.FailMessage);
        Assert.Equal(Bytes(10, 1), await s3.GetAsync(bucket, "secret.tsv"));
    }

    // ---- Publish --------------------------------------------------------------------------------------------

    [ComponentTheory(Component.S3rver)]
    [InlineData(0)]
    [InlineData(3 * MiB)]
    [InlineData(8 * MiB)]
    [InlineData(17 * MiB)]
    public async Task Publish_writes_the_object_byte_identical(int size)
    {
        var bucket = await s3.CreateBucketAsync();
        var content = Bytes(size, size);
        var storage = Storage();

        // synchronous writes of an odd size, as the job writers do
        await storage.PublishAsync(bucket, "result/sync.tsv", (stream, _) =>
        {
            for (var offset = 0; offset < content.Length; offset += 100_003)
                stream.Write(content, offset, Math.Min(100_003, content.Length - offset));
            return Task.CompletedTask;
        }, default);
        // asynchronous writes, wrapped by a StreamWriter-like owner that disposes the stream
        await storage.PublishAsync(bucket, "result/async.tsv", async (stream, ct) =>
        {
            await using var buffered = new BufferedStream(stream, 1 << 16);
            await buffered.WriteAsync(content, ct);
        }, default);

        Assert.Equal(content, await s3.GetAsync(bucket, "result/sync.tsv"));
        Assert.Equal(content, await s3.GetAsync(bucket, "result/async.tsv"));
        Assert.True(await storage.ObjectExistsAsync(bucket, "result/sync.tsv", default));
        Assert.Empty(s3.UnfinishedUploadKeys(bucket));
    }

    [ComponentTheory(Component.S3rver)]
    [InlineData(1 * MiB)]   // fails before a part was sent
    [InlineData(12 * MiB)]  // fails after a part was sent: the multipart upload must be aborted
    public async Task A_failing_writer_leaves_no_object_no_unfinished_upload_and_the_old_object_intact(int bytesBeforeFailure)
    {
        var bucket = await s3.CreateBucketAsync();
        var previous = Bytes(1000, 5);
        await s3.PutAsync(bucket, "result/keep.tsv", previous);
        var storage = Storage();

        foreach (var key in new[] { "result/new.tsv", "result/keep.tsv" })
        {
            var ex = await Assert.ThrowsAsync<InvalidDataException>(() => storage.PublishAsync(bucket, key, (stream, _) =>
            {
                stream.Write(Bytes(bytesBeforeFailure, 9));
                throw new InvalidDataException("the writer failed");
            }, default));
            Assert.Equal("the writer failed", ex.Message); // the writer's own exception comes out unchanged
        }

        Assert.Null(await s3.GetAsync(bucket, "result/new.tsv"));
        Assert.False(await storage.ObjectExistsAsync(bucket, "result/new.tsv", default));
        Assert.Equal(previous, await s3.GetAsync(bucket, "result/keep.tsv"));
        Assert.Empty(s3.UnfinishedUploadKeys(bucket));
    }

    [ComponentFact(Component.S3rver)]
    public async Task A_cancelled_publish_leaves_no_object_and_its_upload_is_gone_after_the_next_attempt()
    {
        var bucket = await s3.CreateBucketAsync();
        using var cts = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Storage().PublishAsync(bucket, "result/c.tsv", async (stream, ct) =>
        {
            await stream.WriteAsync(Bytes(10 * MiB, 3), ct);
            await cts.CancelAsync();
            await stream.WriteAsync(Bytes(MiB, 4), ct);
        }, cts.Token));
        Assert.Null(await s3.GetAsync(bucket, "result/c.tsv")); // never a partial object

        // A part already in flight when the token fired may still land in s3rver after the abort; D20's guarantee is
        // that the next attempt at the key (the job's retry) removes such leftovers before it publishes.
        var retry = Bytes(MiB, 5);
        await Storage().PublishAsync(bucket, "result/c.tsv", (stream, ct) => stream.WriteAsync(retry, ct).AsTask(), default);
        Assert.Equal(retry, await s3.GetAsync(bucket, "result/c.tsv"));
        Assert.Empty(s3.UnfinishedUploadKeys(bucket));
    }

    [ComponentFact(Component.S3rver)]
    public async Task Publish_aborts_unfinished_uploads_left_at_exactly_that_key()
    {
        var bucket = await s3.CreateBucketAsync();
        foreach (var key in new[] { "result/r.tsv", "result/r.tsv", "result/r.tsv.other" })
        {
            var upload = await s3.Client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key });
            await s3.Client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket, Key = key, UploadId = upload.UploadId, PartNumber = 1,
                InputStream = new MemoryStream(Bytes(MiB, 1)), UseChunkEncoding = false,
            });
        }
        Assert.Equal(3, s3.UnfinishedUploadKeys(bucket).Count);

        var content = Bytes(2 * MiB, 2);
        await Storage().PublishAsync(bucket, "result/r.tsv", (s, ct) => s.WriteAsync(content, ct).AsTask(), default);

        Assert.Equal(content, await s3.GetAsync(bucket, "result/r.tsv"));
        Assert.Equal(["result/r.tsv.other"], s3.UnfinishedUploadKeys(bucket)); // another key's upload is not ours to abort
    }

    [ComponentFact(Component.S3rver)]
    public async Task Publish_replaces_an_existing_object_only_when_complete()
    {
        var bucket = await s3.CreateBucketAsync();
        await s3.PutAsync(bucket, "result/x.tsv", Bytes(100, 1));
        var content = Bytes(9 * MiB, 2);
        var storage = Storage();

        await storage.PublishAsync(bucket, "result/x.tsv", async (stream, ct) =>
        {
            await stream.WriteAsync(content.AsMemory(0, 8 * MiB + 1), ct); // a part is up, the object is not
            Assert.Equal(Bytes(100, 1), await s3.GetAsync(bucket, "result/x.tsv"));
            await stream.WriteAsync(content.AsMemory(8 * MiB + 1), ct);
        }, default);

        Assert.Equal(content, await s3.GetAsync(bucket, "result/x.tsv"));
    }

    [ComponentFact(Component.S3rver)]
    public async Task ObjectExists_tells_objects_from_missing_keys()
    {
        var bucket = await s3.CreateBucketAsync();
        await s3.PutAsync(bucket, "a/b.tsv", [1]);
        var storage = Storage();
        Assert.True(await storage.ObjectExistsAsync(bucket, "a/b.tsv", default));
        Assert.False(await storage.ObjectExistsAsync(bucket, "a/c.tsv", default));
        Assert.False(await storage.ObjectExistsAsync(bucket, "a", default));
    }

    [Fact]
    public void Skipped_names_are_segments_starting_with_underscore_or_dot_and_folder_markers()
    {
        Assert.False(S3ObjectStorage.IsSkipped("part-0"));
        Assert.False(S3ObjectStorage.IsSkipped("sub/part_0.tsv"));
        Assert.True(S3ObjectStorage.IsSkipped("_SUCCESS"));
        Assert.True(S3ObjectStorage.IsSkipped(".part-0.crc"));
        Assert.True(S3ObjectStorage.IsSkipped("_temporary/0/part-0"));
        Assert.True(S3ObjectStorage.IsSkipped("sub/.hidden"));
        Assert.True(S3ObjectStorage.IsSkipped("sub/"));
        Assert.True(S3ObjectStorage.IsSkipped(""));
    }
}
