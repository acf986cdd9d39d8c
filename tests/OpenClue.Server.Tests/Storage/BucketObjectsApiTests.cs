using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using OpenClue.Server.Tests.Api;
using OpenClue.Server.Tests.Infrastructure;
using static OpenClue.Server.Tests.Api.ApiData;

namespace OpenClue.Server.Tests.Storage;

/// <summary>
/// The object endpoints (D25) on the embedded default's local buckets, through signed HTTP: put, get, head, delete and
/// list; bucket grants (D7, D14); the confinement rules of local buckets; the size limit; atomic uploads.
/// </summary>
public sealed class BucketObjectsApiTests(BucketObjectsApiTests.Fixture fx) : IClassFixture<BucketObjectsApiTests.Fixture>
{
    public const int Limit = 4 << 20;

    public sealed class Fixture : SharedHostFixture
    {
        public const string Bucket = "objs";
        public const string Victim = "victim";
        public const string Lists = "lists";
        public const string Keyed = "keyed";
        public string Root { get; private set; } = "";
        public string VictimRoot { get; private set; } = "";

        protected override IDictionary<string, string?> Settings =>
            new Dictionary<string, string?> { ["OpenClue:Limits:ObjectBytes"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        public override async Task InitializeAsync()
        {
            await base.InitializeAsync();
            Root = Host.Bucket(Bucket);
            VictimRoot = Host.Bucket(Victim);
            Host.Bucket(Lists);
            Host.Bucket(Keyed);
            File.WriteAllText(Path.Combine(VictimRoot, "secret.tsv"), "victim\tdata\n");
        }
    }

    private static string Url(string bucket, string path) => $"/api/v1/buckets/{bucket}/objects/{path}";

    private static async Task<ApiCalls.Reply> PutAsync(HttpClient client, string bucket, string path, byte[] bytes) =>
        await ApiCalls.ReadAsync(await client.PutAsync(Url(bucket, path), new ByteArrayContent(bytes)));

    private static string[] FilesUnder(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToArray();

    [Fact]
    public async Task An_object_put_is_read_back_with_its_length_etag_and_modification_time_and_head_says_the_same()
    {
        var bytes = Encoding.UTF8.GetBytes("u1\tsearch: 신발->buy: 운동화\nu2\tview: 가방\n");
        var path = $"{Unique("in")}/한국/seq.tsv";

        var put = await PutAsync(fx.Client, Fixture.Bucket, path, bytes);

        Assert.True(put.Status == HttpStatusCode.OK, put.ToString());
        Assert.Equal(bytes.Length, put.Body.GetProperty("size").GetInt64());
        Assert.Equal(path, put.Field("path"));
        var etag = put.Field("etag");
        Assert.Equal(etag, put.Response.Headers.ETag?.ToString());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(fx.Root, path)));

        using var get = await fx.Client.GetAsync(Url(Fixture.Bucket, path));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(bytes.Length, get.Content.Headers.ContentLength);
        Assert.Equal("application/octet-stream", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(etag, get.Headers.ETag?.ToString());
        var modified = get.Content.Headers.LastModified;
        Assert.NotNull(modified);
        Assert.InRange(modified.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));

        using var head = await fx.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Url(Fixture.Bucket, path)));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(bytes.Length, head.Content.Headers.ContentLength);
        Assert.Equal(etag, head.Headers.ETag?.ToString());
        Assert.Equal(modified, head.Content.Headers.LastModified);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        // A client holding the same version is told so without the bytes.
        using var conditional = new HttpRequestMessage(HttpMethod.Get, Url(Fixture.Bucket, path));
        conditional.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(etag));
        using var notModified = await fx.Client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        // Replacing the object changes its tag.
        var again = await PutAsync(fx.Client, Fixture.Bucket, path, [.. bytes, .. "u3\tview: x\n"u8.ToArray()]);
        Assert.NotEqual(etag, again.Field("etag"));
    }

    [Fact]
    public async Task Delete_removes_the_object_and_then_get_head_and_delete_answer_path_not_found()
    {
        var path = $"{Unique("del")}/x.tsv";
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(fx.Client, Fixture.Bucket, path, "a\t1\n"u8.ToArray())).Status);

        var deleted = await fx.Client.DeleteJsonAsync(Url(Fixture.Bucket, path));

        Assert.True(deleted.Status == HttpStatusCode.OK, deleted.ToString());
        Assert.Equal(path, deleted.Field("path"));
        Assert.False(File.Exists(Path.Combine(fx.Root, path)));
        AssertError(await fx.Client.GetJsonAsync(Url(Fixture.Bucket, path)), "10106");
        AssertError(await fx.Client.DeleteJsonAsync(Url(Fixture.Bucket, path)), "10106");
        using var head = await fx.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Url(Fixture.Bucket, path)));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        // A folder is not an object.
        AssertError(await fx.Client.DeleteJsonAsync(Url(Fixture.Bucket, path.Split('/')[0])), "10106");
        Assert.True(Directory.Exists(Path.Combine(fx.Root, path.Split('/')[0])));
    }

    [Fact]
    public async Task A_tenant_not_granted_the_bucket_gets_the_same_answer_as_for_a_bucket_that_does_not_exist_and_changes_nothing()
    {
        var path = $"{Unique("g")}/seq.tsv";
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(fx.Client, Fixture.Bucket, path, "a\t1\n"u8.ToArray())).Status);
        var (_, other, _) = await NewTenantAsync(fx.Host, "elsewhere");
        using (other)
        {
            foreach (var bucket in new[] { Fixture.Bucket, "no-such-bucket" })
            {
                string Details(ApiCalls.Reply reply)
                {
                    AssertError(reply, "10106");
                    return reply.Body.GetProperty("error").GetProperty("details").GetString()!.Replace(bucket, "B", StringComparison.Ordinal);
                }
                var answers = new[]
                {
                    Details(await other.GetJsonAsync(Url(bucket, path))),
                    Details(await other.DeleteJsonAsync(Url(bucket, path))),
                    Details(await PutAsync(other, bucket, path, "b\t0\n"u8.ToArray())),
                    Details(await other.GetJsonAsync($"/api/v1/buckets/{bucket}/objects")),
                };
                Assert.All(answers, a => Assert.Equal("The bucket 'B' does not exist or this access key may not use it.", a));
                using var head = await other.SendAsync(new HttpRequestMessage(HttpMethod.Head, Url(bucket, path)));
                Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
            }
            Assert.Equal("a\t1\n", await File.ReadAllTextAsync(Path.Combine(fx.Root, path)));
            Assert.False(Directory.Exists(Path.Combine(fx.Host.DataDir, "buckets", "no-such-bucket")));

            // Granted, the same tenant reads it.
            var (_, granted, _) = await NewTenantAsync(fx.Host, Fixture.Bucket);
            using (granted) Assert.Equal("a\t1\n", await granted.GetStringAsync(Url(Fixture.Bucket, path)));
        }
    }

    [Fact]
    public async Task Links_leaving_the_bucket_fifos_and_dot_segments_are_refused_and_nothing_outside_is_read_written_or_deleted()
    {
        var folder = Unique("conf");
        Directory.CreateDirectory(Path.Combine(fx.Root, folder));
        File.CreateSymbolicLink(Path.Combine(fx.Root, folder, "secret.tsv"), Path.Combine(fx.VictimRoot, "secret.tsv"));
        Directory.CreateSymbolicLink(Path.Combine(fx.Root, folder, "out"), fx.VictimRoot);
        File.WriteAllText(Path.Combine(fx.Root, folder, "inside.tsv"), "inside\n");
        File.CreateSymbolicLink(Path.Combine(fx.Root, folder, "alias.tsv"), Path.Combine(fx.Root, folder, "inside.tsv"));

        foreach (var path in new[] { $"{folder}/secret.tsv", $"{folder}/out/secret.tsv" })
        {
            var get = await fx.Client.GetJsonAsync(Url(Fixture.Bucket, path));
            AssertError(get, "10106");
            Assert.Contains("leads outside the bucket", get.Body.GetProperty("error").GetProperty("details").GetString());
            AssertError(await fx.Client.DeleteJsonAsync(Url(Fixture.Bucket, path)), "10106");
            using var head = await fx.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Url(Fixture.Bucket, path)));
            Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        }
        AssertError(await PutAsync(fx.Client, Fixture.Bucket, $"{folder}/out/planted.tsv", "x\n"u8.ToArray()), "10106");
        Assert.Equal(["secret.tsv"], Directory.GetFileSystemEntries(fx.VictimRoot).Select(Path.GetFileName));
        Assert.Equal("victim\tdata\n", await File.ReadAllTextAsync(Path.Combine(fx.VictimRoot, "secret.tsv")));
        // A listing that would follow the link out is refused as a whole, like a dataset folder (D14).
        AssertError(await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Bucket}/objects?prefix={folder}/"), "10106");

        // A link inside the bucket is an ordinary object; deleting it removes the link, not its target; putting over it replaces the link.
        Assert.Equal("inside\n", await fx.Client.GetStringAsync(Url(Fixture.Bucket, $"{folder}/alias.tsv")));
        Assert.Equal(HttpStatusCode.OK, (await fx.Client.DeleteJsonAsync(Url(Fixture.Bucket, $"{folder}/alias.tsv"))).Status);
        Assert.False(File.Exists(Path.Combine(fx.Root, folder, "alias.tsv")));
        Assert.Equal("inside\n", await File.ReadAllTextAsync(Path.Combine(fx.Root, folder, "inside.tsv")));
        File.CreateSymbolicLink(Path.Combine(fx.Root, folder, "alias2.tsv"), Path.Combine(fx.Root, folder, "inside.tsv"));
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(fx.Client, Fixture.Bucket, $"{folder}/alias2.tsv", "new\n"u8.ToArray())).Status);
        Assert.Equal("inside\n", await File.ReadAllTextAsync(Path.Combine(fx.Root, folder, "inside.tsv")));
        Assert.Null(new FileInfo(Path.Combine(fx.Root, folder, "alias2.tsv")).LinkTarget);

        // A FIFO is never opened for reading (it would block).
        var fifo = Path.Combine(fx.Root, folder, "pipe.tsv");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) await mkfifo.WaitForExitAsync();
        var piped = await fx.Client.GetJsonAsync(Url(Fixture.Bucket, $"{folder}/pipe.tsv"));
        AssertError(piped, "10106");
        Assert.Contains("not a regular file", piped.Body.GetProperty("error").GetProperty("details").GetString());

        // '..' never leaves the bucket: the path rules refuse it, and an encoded one is resolved before routing.
        using var dots = await RawSignedRequest.StartAsync(fx.Host, "GET", $"/api/v1/buckets/{Fixture.Bucket}/objects/{folder}/%2E%2E/%2E%2E/{Fixture.Victim}/secret.tsv");
        var answer = await dots.ReadResponseAsync();
        Assert.Matches("^HTTP/1.1 (404|422) ", answer);
        Assert.DoesNotContain("victim\tdata", answer);
        AssertError(await PutAsync(fx.Client, Fixture.Bucket, $"{folder}/a%3Fb.tsv", "x\n"u8.ToArray()), "10103");
    }

    [Fact]
    public async Task An_object_over_the_size_limit_is_refused_whether_its_length_is_announced_or_not_and_nothing_is_left()
    {
        var folder = Unique("big");
        var exact = await PutAsync(fx.Client, Fixture.Bucket, $"{folder}/exact.bin", new byte[Limit]);
        Assert.True(exact.Status == HttpStatusCode.OK, exact.ToString());

        var announced = await PutAsync(fx.Client, Fixture.Bucket, $"{folder}/announced.bin", new byte[Limit + 1]);
        AssertError(announced, "10117");

        // Chunked, with no length: counted while written, and stopped at the limit.
        var streamed = new StreamContent(new GeneratedStream(Limit * 3L, seed: 1));
        var chunked = await ApiCalls.ReadAsync(await fx.Client.PutAsync(Url(Fixture.Bucket, $"{folder}/streamed.bin"), streamed));
        AssertError(chunked, "10117");
        Assert.Contains("OpenClue:Limits:ObjectBytes", chunked.Body.GetProperty("error").GetProperty("details").GetString());

        Assert.Equal([Path.Combine(fx.Root, folder, "exact.bin")], FilesUnder(Path.Combine(fx.Root, folder)));
    }

    [Fact]
    public async Task Listing_pages_in_path_order_filters_by_prefix_and_leaves_out_hidden_names()
    {
        var folder = Unique("list");
        for (var i = 24; i >= 0; i--)
            Assert.Equal(HttpStatusCode.OK, (await PutAsync(fx.Client, Fixture.Lists, $"{folder}/part-{i:D3}.tsv", new byte[i])).Status);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(fx.Client, Fixture.Lists, $"{folder}/sub/deep.tsv", [1])).Status);
        File.WriteAllText(Path.Combine(Path.Combine(fx.Host.DataDir, "buckets", Fixture.Lists), folder, "_SUCCESS"), "");
        File.WriteAllText(Path.Combine(Path.Combine(fx.Host.DataDir, "buckets", Fixture.Lists), folder, ".part-999.tsv.0123.tmp"), "half");

        var seen = new List<string>();
        for (var index = 0; index < 30; index += 10)
        {
            var page = await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Lists}/objects?prefix={folder}/&index={index}&limit=10");
            Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
            Assert.Equal(26, page.Body.GetProperty("total").GetInt32());
            Assert.Equal(index, page.Body.GetProperty("index").GetInt32());
            foreach (var item in page.Body.GetProperty("objects").EnumerateArray())
            {
                var path = item.GetProperty("path").GetString()!;
                if (path.Contains("part-", StringComparison.Ordinal))
                    Assert.Equal(int.Parse(path[^7..^4], System.Globalization.CultureInfo.InvariantCulture), item.GetProperty("size").GetInt64());
                seen.Add(path);
            }
        }
        Assert.Equal([.. Enumerable.Range(0, 25).Select(i => $"{folder}/part-{i:D3}.tsv"), $"{folder}/sub/deep.tsv"], seen);

        var filtered = await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Lists}/objects?prefix={folder}/part-01");
        Assert.Equal(10, filtered.Body.GetProperty("total").GetInt32());
        Assert.Equal(10, filtered.Body.GetProperty("objects").GetArrayLength());
        var whole = await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Lists}/objects?limit=100");
        Assert.Contains(whole.Body.GetProperty("objects").EnumerateArray(), o => o.GetProperty("path").GetString() == $"{folder}/sub/deep.tsv");
        var nothing = await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Lists}/objects?prefix={Unique("none")}/");
        Assert.Equal(0, nothing.Body.GetProperty("total").GetInt32());
        AssertError(await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Lists}/objects?limit=101"), "10111");
        AssertError(await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Lists}/objects?prefix=a//b"), "10103");
    }

    /// <summary>Every page of a listing by path (D25's <c>after</c>), following <c>next_after</c>; asserts each page's shape.</summary>
    internal static async Task<List<string>> ListByPathAsync(HttpClient client, string bucket, string prefix, int limit)
    {
        var seen = new List<string>();
        string? after = "";
        while (after is not null)
        {
            var page = await client.GetJsonAsync(
                $"/api/v1/buckets/{bucket}/objects?prefix={Uri.EscapeDataString(prefix)}&after={Uri.EscapeDataString(after)}&limit={limit}");
            Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
            Assert.False(page.Body.TryGetProperty("total", out _), "a page by path counts nothing");
            Assert.False(page.Body.TryGetProperty("index", out _));
            Assert.Equal(after, page.Field("after"));
            var paths = page.Body.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("path").GetString()!).ToList();
            Assert.InRange(paths.Count, 0, limit);
            seen.AddRange(paths);
            after = page.Body.TryGetProperty("next_after", out var next) ? next.GetString() : null;
            if (after is null) continue;
            Assert.Equal(limit, paths.Count);
            Assert.Equal(paths[^1], after);
        }
        return seen;
    }

    private async Task<List<string>> ListByIndexAsync(string bucket, string prefix)
    {
        var seen = new List<string>();
        for (var index = 0; ; index += 100)
        {
            var page = await fx.Client.GetJsonAsync($"/api/v1/buckets/{bucket}/objects?prefix={Uri.EscapeDataString(prefix)}&index={index}&limit=100");
            Assert.True(page.Status == HttpStatusCode.OK, page.ToString());
            seen.AddRange(page.Body.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("path").GetString()!));
            if (index + 100 >= page.Body.GetProperty("total").GetInt32()) return seen;
        }
    }

    [Fact]
    public async Task Listing_by_path_yields_the_full_listing_in_the_same_order_page_after_page()
    {
        var folder = Unique("keyed");
        var root = Path.Combine(fx.Host.DataDir, "buckets", Fixture.Keyed, folder);
        // Names whose order depends on '/' following a folder's name: "d1-x" < "d1/…" < "d10", "e.tsv" < "e/…" < "e0/…".
        var paths = new List<string>();
        for (var i = 0; i < 320; i++)
            paths.Add($"d{i % 11}/" + (i % 3 == 0 ? $"e{i % 4}/" : "") + (i % 5 == 0 ? $"g/{i}" : $"f{i}.tsv"));
        paths.AddRange(["d1-x.tsv", "d10.tsv", "d1/e.tsv", "d1/e-x", "d1/e/z.tsv", "top.tsv", "d2/_SUCCESS", "d2/_tmp/x.tsv", "d3/.hidden/y.tsv", "d4/.crc"]);
        foreach (var path in paths)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, path))!);
            File.WriteAllText(Path.Combine(root, path), path);
        }

        var full = await ListByIndexAsync(Fixture.Keyed, $"{folder}/");
        Assert.Equal(paths.Count - 4, full.Count);
        Assert.Equal(full.Order(StringComparer.Ordinal), full);
        Assert.Equal(full, await ListByPathAsync(fx.Client, Fixture.Keyed, $"{folder}/", 7));
        Assert.Equal(full, await ListByPathAsync(fx.Client, Fixture.Keyed, $"{folder}/", 100));
        // A prefix that ends inside a name takes files and folders starting with it.
        var narrowed = await ListByIndexAsync(Fixture.Keyed, $"{folder}/d1");
        Assert.Contains($"{folder}/d1-x.tsv", narrowed);
        Assert.Contains($"{folder}/d10.tsv", narrowed);
        Assert.Equal(narrowed, await ListByPathAsync(fx.Client, Fixture.Keyed, $"{folder}/d1", 9));

        // Starting anywhere, even at a path that is not there, gives the rest of the full listing.
        var middle = await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Keyed}/objects?prefix={folder}/&after={folder}/d1/e/&limit=5");
        var start = full.FindIndex(p => string.CompareOrdinal(p, $"{folder}/d1/e/") > 0);
        Assert.Equal(full.Skip(start).Take(5), middle.Body.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("path").GetString()));

        var past = await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Keyed}/objects?prefix={folder}/&after={folder}/zzz");
        Assert.True(past.Status == HttpStatusCode.OK, past.ToString());
        Assert.Equal(0, past.Body.GetProperty("objects").GetArrayLength());
        Assert.False(past.Body.TryGetProperty("next_after", out _));
        var none = await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Keyed}/objects?prefix={Unique("none")}/&after=");
        Assert.Equal(0, none.Body.GetProperty("objects").GetArrayLength());

        AssertError(await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Keyed}/objects?after=a//b"), "10103");
        AssertError(await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Keyed}/objects?after=../x"), "10103");
        AssertError(await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Keyed}/objects?after=a&index=0"), "10111");
        AssertError(await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Keyed}/objects?after=a&limit=0"), "10111");
    }

    [Fact]
    public async Task Listing_by_path_refuses_a_link_out_of_the_bucket_when_its_page_reaches_it()
    {
        var folder = Unique("keyedconf");
        Directory.CreateDirectory(Path.Combine(fx.Root, folder));
        foreach (var name in new[] { "a.tsv", "b.tsv", "z.tsv" }) File.WriteAllText(Path.Combine(fx.Root, folder, name), name);
        Directory.CreateSymbolicLink(Path.Combine(fx.Root, folder, "out"), fx.VictimRoot);
        File.CreateSymbolicLink(Path.Combine(fx.Root, folder, "p.tsv"), Path.Combine(fx.VictimRoot, "secret.tsv"));
        string List(string after, int limit) => $"/api/v1/buckets/{Fixture.Bucket}/objects?prefix={folder}/&after={after}&limit={limit}";

        // The page ends before the link: nothing past it is visited.
        var first = await fx.Client.GetJsonAsync(List("", 1));
        Assert.True(first.Status == HttpStatusCode.OK, first.ToString());
        Assert.Equal($"{folder}/a.tsv", first.Field("next_after"));
        // Pages reaching the folder link or the file link are refused whole, as the full listing is.
        foreach (var (after, limit) in new[] { ("", 100), ($"{folder}/b.tsv", 1), ($"{folder}/out/a", 1), ($"{folder}/o", 1), ($"{folder}/p", 1) })
        {
            var refused = await fx.Client.GetJsonAsync(List(after, limit));
            AssertError(refused, "10106");
            Assert.Contains("leads outside the bucket", refused.Body.GetProperty("error").GetProperty("details").GetString());
            Assert.DoesNotContain("victim\\tdata", refused.Body.GetRawText());
        }
        // Past both links, the rest is listed.
        var rest = await fx.Client.GetJsonAsync(List($"{folder}/p.tsv", 10));
        Assert.Equal([$"{folder}/z.tsv"], rest.Body.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("path").GetString()));
        AssertError(await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Bucket}/objects?prefix={folder}/"), "10106");
    }

    [Fact]
    public async Task An_upload_cut_short_is_never_visible_and_leaves_no_temporary_file()
    {
        var folder = Unique("abort");
        var path = $"{folder}/data.bin";
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(fx.Client, Fixture.Bucket, $"{folder}/keep.bin", [7])).Status);
        using var upload = await RawSignedRequest.StartAsync(fx.Host, "PUT", Url(Fixture.Bucket, path), contentLength: Limit);
        await upload.SendAsync(new byte[Limit / 2]);

        // Half of it is on disk under a hidden temporary name, and nobody sees it.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!FilesUnder(Path.Combine(fx.Root, folder)).Any(f => Path.GetFileName(f).StartsWith(".data.bin.", StringComparison.Ordinal) && new FileInfo(f).Length > 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "the upload never reached the disk");
            await Task.Delay(20);
        }
        AssertError(await fx.Client.GetJsonAsync(Url(Fixture.Bucket, path)), "10106");
        var listed = await fx.Client.GetJsonAsync($"/api/v1/buckets/{Fixture.Bucket}/objects?prefix={folder}/");
        Assert.Equal([$"{folder}/keep.bin"], listed.Body.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("path").GetString()));

        upload.Abort();

        while (FilesUnder(Path.Combine(fx.Root, folder)).Length > 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the temporary file of the aborted upload was left behind");
            await Task.Delay(20);
        }
        Assert.Equal([Path.Combine(fx.Root, folder, "keep.bin")], FilesUnder(Path.Combine(fx.Root, folder)));
        AssertError(await fx.Client.GetJsonAsync(Url(Fixture.Bucket, path)), "10106");
    }

    [Fact]
    public async Task Of_two_uploads_of_one_object_at_once_the_later_wins_and_the_earlier_is_told_it_was_dropped()
    {
        var path = $"{Unique("race")}/data.bin";
        using var first = await RawSignedRequest.StartAsync(fx.Host, "PUT", Url(Fixture.Bucket, path), contentLength: 2 << 20);
        await first.SendAsync(new byte[1 << 20]);
        var folder = Path.Combine(fx.Root, Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Directory.Exists(folder) || FilesUnder(folder).Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the first upload never reached the disk");
            await Task.Delay(20);
        }

        var second = await PutAsync(fx.Client, Fixture.Bucket, path, "second\n"u8.ToArray());
        Assert.True(second.Status == HttpStatusCode.OK, second.ToString());
        await first.SendAsync(new byte[1 << 20]);
        var answer = await first.ReadResponseAsync();

        Assert.StartsWith("HTTP/1.1 409", answer);
        Assert.Contains("10112", answer);
        Assert.Equal("second\n", await fx.Client.GetStringAsync(Url(Fixture.Bucket, path)));
        Assert.Equal([Path.Combine(fx.Root, path)], FilesUnder(folder));
    }
}
