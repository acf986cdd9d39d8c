using System.Net;
using OpenClue.Cli.Tests.Infrastructure;
using OpenClue.Client;
using OpenClue.Client.Contracts;

namespace OpenClue.Cli.Tests;

/// <summary>The typed client against a real server: signatures the server's verifier accepts, paging, waiting, errors.</summary>
[Collection(ServerCollection.Name)]
public sealed class ClientAgainstServerTests(ServerFixture fixture)
{
    private readonly TestServer _server = fixture.Server;

    private OpenClueClient Client() => OpenClueClient.Create(_server.Endpoint, TestServer.AccessKey, TestServer.SecretKey);

    [Theory]
    [InlineData("카탈로그")]
    [InlineData("東京 タワー")]
    [InlineData("a+b&c=d?e")]
    public async Task Non_ascii_and_reserved_characters_in_the_path_are_signed_as_sent(string id)
    {
        using var client = Client();

        var error = await Assert.ThrowsAsync<OpenClueApiException>(() => client.Features.GetAsync(id));

        // 404 means the signature was accepted; a signing mismatch would be 401.
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("10110", error.ErrorCode);
        Assert.Equal("NOT_FOUND", error.ErrorMessage);
        Assert.False(string.IsNullOrEmpty(error.Details));
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Fact]
    public async Task Paging_walks_every_item_and_wait_reports_progress_until_completed()
    {
        var bucket = _server.Bucket("client-paging");
        SampleFiles.WriteSequences(Path.Combine(bucket, "seq.tsv"), 200);
        using var client = Client();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add((await client.Features.CreateAsync(new CreateFeatureRequest($"paging-{i}", "client-paging", "seq.tsv"))).FeatureId);

        var seen = new List<string>();
        var done = await client.Features.WaitForCompletionAsync(ids[^1], f => seen.Add(f.Status),
            timeout: TimeSpan.FromSeconds(60), pollInterval: TimeSpan.FromMilliseconds(100));
        var listed = new List<string>();
        await foreach (var feature in client.Features.ListAllAsync(pageSize: 2)) listed.Add(feature.FeatureId);

        Assert.Equal(JobStatus.Completed, done.Status);
        Assert.Equal(200, done.UserCount);
        Assert.Equal(JobStatus.Completed, seen[^1]);
        Assert.Subset(listed.ToHashSet(), ids.ToHashSet());
        Assert.Equal(listed.Count, listed.Distinct().Count());
    }

    [Fact]
    public async Task The_report_of_a_task_that_does_not_exist_is_not_found()
    {
        using var client = Client();
        var error = await Assert.ThrowsAsync<OpenClueApiException>(() => client.Tasks.GetReportAsync(Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task The_built_in_model_is_listed_and_is_the_default()
    {
        using var client = Client();
        var model = await client.Models.GetAsync("oc-hash-1");
        Assert.True(model.BuiltIn);
        Assert.Contains(await client.Models.ListAllAsync().ToListAsync(), m => m.ModelName == "oc-hash-1");
    }

    [Fact]
    public async Task A_create_whose_response_was_lost_is_retried_into_its_own_feature_not_a_duplicate()
    {
        SampleFiles.WriteSequences(Path.Combine(_server.Bucket("client-lost"), "seq.tsv"), 50);
        var transport = new LosesFirstPostResponse { InnerHandler = new SocketsHttpHandler() };
        using var client = OpenClueClient.Create(_server.Endpoint, TestServer.AccessKey, TestServer.SecretKey, transport,
            retry: new RetryOptions { Delay = TimeSpan.FromMilliseconds(10) });

        var created = await client.Features.CreateAsync(new CreateFeatureRequest("lost-response", "client-lost", "seq.tsv"));

        Assert.Equal(2, transport.Posts); // the first reached the server; its answer was replaced by a 503
        Assert.Equal("lost-response", created.FeatureName);
        var all = await client.Features.ListAllAsync().ToListAsync();
        Assert.Equal(created.FeatureId, Assert.Single(all, f => f.FeatureName == "lost-response").FeatureId);

        // The same name with other fields is not ours: the duplicate stands.
        SampleFiles.WriteSequences(Path.Combine(_server.Bucket("client-lost"), "other.tsv"), 50);
        transport.Posts = 0;
        var duplicate = await Assert.ThrowsAsync<OpenClueApiException>(() =>
            client.Features.CreateAsync(new CreateFeatureRequest("lost-response", "client-lost", "other.tsv")));
        Assert.Equal("10102", duplicate.ErrorCode);
        Assert.True(duplicate.AfterRetry);
    }

    /// <summary>Sends every request to the server, but answers the first POST of each pair with 503 as if its response was lost.</summary>
    private sealed class LosesFirstPostResponse : DelegatingHandler
    {
        public int Posts { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var response = await base.SendAsync(request, ct);
            if (request.Method != HttpMethod.Post || ++Posts > 1) return response;
            response.Dispose();
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request };
        }
    }

    [Fact]
    public async Task Objects_go_up_and_down_are_listed_page_by_page_described_and_deleted()
    {
        using var client = Client();
        const string bucket = "client-objects";
        var bytes = System.Text.Encoding.UTF8.GetBytes("u1\tview: 가방\n");
        for (var i = 0; i < 12; i++)
            await client.Objects.UploadAsync(bucket, $"한국/part-{i:D2}.tsv", new MemoryStream(bytes));

        var stored = await client.Objects.UploadAsync(bucket, "한국/東京(1)=x!.tsv", new MemoryStream(bytes));
        Assert.Equal(bytes.Length, stored.Size);
        await using (var download = await client.Objects.OpenReadAsync(bucket, "한국/東京(1)=x!.tsv"))
        {
            Assert.Equal(stored.ETag, download.ETag);
            Assert.Equal(bytes.Length, download.Length);
            using var copy = new MemoryStream();
            await download.Content.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }
        var info = await client.Objects.GetInfoAsync(bucket, "한국/東京(1)=x!.tsv");
        Assert.Equal((bytes.Length, stored.ETag), (info!.Value.Size, info.Value.ETag));

        var listed = new List<string>();
        await foreach (var item in client.Objects.ListAllAsync(bucket, "한국/part-", pageSize: 5)) listed.Add(item.Path);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"한국/part-{i:D2}.tsv"), listed);

        Assert.Equal("한국/東京(1)=x!.tsv", (await client.Objects.DeleteAsync(bucket, "한국/東京(1)=x!.tsv")).Path);
        Assert.Null(await client.Objects.GetInfoAsync(bucket, "한국/東京(1)=x!.tsv"));
        var missing = await Assert.ThrowsAsync<OpenClueApiException>(() => client.Objects.DownloadToAsync(bucket, "한국/東京(1)=x!.tsv", Stream.Null));
        Assert.Equal(("10106", "PATH_NOT_FOUND"), (missing.ErrorCode, missing.ErrorMessage));
    }
}
