using System.Net;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Components;

/// <summary>With S3 object storage the object endpoints proxy to it through the same storage abstraction (D25).</summary>
[Collection(S3rverCollection.Name)]
public sealed class S3BucketObjectsApiTests(S3rverFixture s3)
{
    [ComponentFact(Component.S3rver)]
    public async Task Put_get_head_list_and_delete_reach_the_s3_bucket_and_grants_still_apply()
    {
        var bucket = await s3.CreateBucketAsync();
        await using var host = OpenClueHost.Start(settings: new Dictionary<string, string?>
        {
            ["OpenClue:ObjectStorage:Endpoint"] = s3.Endpoint,
            ["OpenClue:ObjectStorage:Region"] = "us-east-1",
            ["OpenClue:ObjectStorage:AccessKey"] = S3rverFixture.AccessKey,
            ["OpenClue:ObjectStorage:SecretKey"] = S3rverFixture.SecretKey,
        });
        var bytes = S3ObjectStorageTests.Bytes(3 << 20, seed: 4);
        var url = $"/api/v1/buckets/{bucket}/objects/in/seq.tsv";

        using (var put = await host.Client.PutAsync(url, new StreamContent(new MemoryStream(bytes))))
            Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        Assert.Equal(bytes, await s3.GetAsync(bucket, "in/seq.tsv"));

        using (var get = await host.Client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(bytes.Length, get.Content.Headers.ContentLength);
            Assert.NotNull(get.Headers.ETag);
            Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync());
        }
        using (var head = await host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url)))
            Assert.Equal(bytes.Length, head.Content.Headers.ContentLength);
        var listed = await host.Client.GetJsonAsync($"/api/v1/buckets/{bucket}/objects?prefix=in/");
        Assert.Equal(1, listed.Body.GetProperty("total").GetInt32());

        // By path: S3's StartAfter and MaxKeys, the same keys as the listing by index; hidden names left out. (s3rver lists in
        // its folders' order, not S3's key order, so a page it cuts short may skip keys: one page here, and one after a key.)
        foreach (var key in new[] { "paged/b/2.tsv", "paged/a.tsv", "paged/b/1.tsv", "paged/_SUCCESS", "paged/b/_tmp/x", "paged/c.tsv" })
            await s3.PutAsync(bucket, key, [1]);
        var byIndex = await host.Client.GetJsonAsync($"/api/v1/buckets/{bucket}/objects?prefix=paged/");
        var expected = byIndex.Body.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("path").GetString()!).ToList();
        Assert.Equal(["paged/a.tsv", "paged/b/1.tsv", "paged/b/2.tsv", "paged/c.tsv"], expected);
        Assert.Equal(expected, await Storage.BucketObjectsApiTests.ListByPathAsync(host.Client, bucket, "paged/", 10));
        var after = await host.Client.GetJsonAsync($"/api/v1/buckets/{bucket}/objects?prefix=paged/&after=paged/b/1.tsv");
        Assert.Equal(expected[2..], after.Body.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("path").GetString()!));
        var past = await host.Client.GetJsonAsync($"/api/v1/buckets/{bucket}/objects?prefix=paged/&after=paged/z");
        Assert.Equal(0, past.Body.GetProperty("objects").GetArrayLength());

        var (_, other, _) = await NewTenantAsync(host, "another-bucket");
        using (other) AssertError(await other.GetJsonAsync(url), "10106");
        AssertError(await ApiCalls.ReadAsync(await host.Client.PutAsync("/api/v1/buckets/no-such-s3-bucket/objects/x.tsv", new ByteArrayContent([1]))), "10106");

        Assert.Equal(HttpStatusCode.OK, (await host.Client.DeleteJsonAsync(url)).Status);
        Assert.Null(await s3.GetAsync(bucket, "in/seq.tsv"));
        AssertError(await host.Client.DeleteJsonAsync(url), "10106");
    }
}
