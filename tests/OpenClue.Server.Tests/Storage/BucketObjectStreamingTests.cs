using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Storage;

/// <summary>The object endpoints stream both ways (D25): an object far larger than any buffer is never held whole.</summary>
[Collection(AloneCollection.Name)]
public sealed class BucketObjectStreamingTests
{
    private const long Size = 192L << 20;

    [Fact]
    public async Task An_object_larger_than_any_buffer_goes_up_and_down_intact_without_the_server_holding_it()
    {
        await using var host = OpenClueHost.Start();
        var root = host.Bucket("stream");
        const string url = "/api/v1/buckets/stream/objects/big/object.bin";
        var expected = await HashAsync(new GeneratedStream(Size, seed: 42));
        // Warm up the request path once, so JIT and pools are not counted below.
        using (var warm = await host.Client.PutAsync(url, new ByteArrayContent(new byte[1 << 20]))) Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        using (var warm = await host.Client.GetAsync(url)) await warm.Content.ReadAsByteArrayAsync();

        var before = GC.GetTotalAllocatedBytes(precise: true);
        using (var put = await host.Client.PutAsync(url, new StreamContent(new GeneratedStream(Size, seed: 42), 1 << 16)))
            Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        var uploaded = GC.GetTotalAllocatedBytes(precise: true);
        byte[] received;
        using (var get = await host.Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal(Size, get.Content.Headers.ContentLength);
            received = await HashAsync(await get.Content.ReadAsStreamAsync());
        }
        var downloaded = GC.GetTotalAllocatedBytes(precise: true);

        Assert.Equal(expected, received);
        await using (var stored = File.OpenRead(Path.Combine(root, "big", "object.bin"))) Assert.Equal(expected, await HashAsync(stored));
        // Client and server share this process: both together allocated a small fraction of the object each way.
        Assert.InRange(uploaded - before, 0, Size / 8);
        Assert.InRange(downloaded - uploaded, 0, Size / 8);
    }

    private static async Task<byte[]> HashAsync(Stream stream)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0) hash.AppendData(buffer, 0, read);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await stream.DisposeAsync();
        }
        return hash.GetHashAndReset();
    }
}
