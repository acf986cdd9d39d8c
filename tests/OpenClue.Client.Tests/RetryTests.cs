using System.Net;
using System.Net.Sockets;
using OpenClue.Client.Contracts;

namespace OpenClue.Client.Tests;

/// <summary>Which answers and failures the client retries, how long it waits, and how a lost create is recognised.</summary>
public class RetryTests
{
    private static readonly RetryOptions Fast = new() { MaxRetryAttempts = 3, Delay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromSeconds(5) };

    private const string ModelPage = """{"index":0,"limit":20,"total":0,"models":[]}""";

    private static OpenClueClient Client(HttpMessageHandler api, RetryOptions? retry = null) =>
        OpenClueClient.Create(new Uri("http://clue.test"), "AK", "SK", api, retry: retry ?? Fast);

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Rate_limited_and_unavailable_answers_are_retried_for_gets_and_posts(HttpStatusCode status)
    {
        var answers = new Queue<(HttpStatusCode, string)>([(status, "{}"), (status, "{}"), (HttpStatusCode.OK, ModelPage)]);
        var api = new ScriptedApi((_, _) => answers.Dequeue());
        using var client = Client(api);

        Assert.Equal(0, (await client.Models.ListAsync()).Total);
        Assert.Equal(3, api.Requests.Count);

        var posts = new Queue<(HttpStatusCode, string)>([(status, "{}"), (HttpStatusCode.OK, """{"model_name":"m","created_at":"c","source_bucket":"b","source_file_path":"p"}""")]);
        var postApi = new ScriptedApi((_, _) => posts.Dequeue());
        using var postClient = Client(postApi);
        Assert.Equal("m", (await postClient.Models.CreateAsync(new CreateModelRequest("m", "b", "p"))).ModelName);
        Assert.Equal(2, postApi.Requests.Count);
    }

    [Fact]
    public async Task Retry_after_is_honoured_and_each_attempt_is_signed_afresh()
    {
        var timestamps = new List<string>();
        var calls = 0;
        var api = new Scripted(request =>
        {
            timestamps.Add(request.Headers.GetValues(NcpSignatureHeaders.Timestamp).Single());
            if (++calls > 1) return Json(HttpStatusCode.OK, ModelPage);
            var busy = Json(HttpStatusCode.TooManyRequests, """{"error":{"errorCode":"10114","message":"TOO_MANY_REQUESTS"}}""");
            busy.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            return busy;
        });
        using var client = Client(api);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await client.Models.ListAsync();

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"waited {clock.Elapsed}, Retry-After said 1 s");
        Assert.Equal(2, timestamps.Count);
        Assert.NotEqual(timestamps[0], timestamps[1]);
    }

    [Fact]
    public async Task After_the_last_attempt_the_error_is_raised_and_other_errors_are_not_retried()
    {
        var api = new ScriptedApi((_, _) => (HttpStatusCode.TooManyRequests, """{"error":{"errorCode":"10114","message":"TOO_MANY_REQUESTS"}}"""));
        using var client = Client(api);
        var error = await Assert.ThrowsAsync<OpenClueApiException>(() => client.Models.ListAsync());
        Assert.Equal("10114", error.ErrorCode);
        Assert.Equal(4, api.Requests.Count);

        var failing = new ScriptedApi((_, _) => (HttpStatusCode.InternalServerError, """{"error":{"errorCode":"10116","message":"INTERNAL_ERROR"}}"""));
        using var other = Client(failing);
        await Assert.ThrowsAsync<OpenClueApiException>(() => other.Models.ListAsync());
        Assert.Single(failing.Requests);
    }

    [Fact]
    public async Task A_broken_connection_is_retried_for_a_get_but_not_for_a_post_unless_it_was_refused()
    {
        var calls = 0;
        using var get = Client(new Scripted(_ => ++calls == 1 ? throw new HttpRequestException("reset", new IOException("connection reset")) : Json(HttpStatusCode.OK, ModelPage)));
        await get.Models.ListAsync();
        Assert.Equal(2, calls);

        calls = 0;
        using var post = Client(new Scripted(_ => { calls++; throw new HttpRequestException("reset", new IOException("connection reset")); }));
        await Assert.ThrowsAsync<HttpRequestException>(() => post.Models.CreateAsync(new CreateModelRequest("m", "b", "p")));
        Assert.Equal(1, calls);

        calls = 0;
        using var refused = Client(new Scripted(_ => ++calls == 1
            ? throw new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))
            : Json(HttpStatusCode.OK, """{"model_name":"m","created_at":"c","source_bucket":"b","source_file_path":"p"}""")));
        await refused.Models.CreateAsync(new CreateModelRequest("m", "b", "p"));
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_duplicate_on_the_first_attempt_is_a_real_duplicate()
    {
        var api = new ScriptedApi((_, _) => (HttpStatusCode.Conflict, """{"error":{"errorCode":"10102","message":"DUPLICATE_NAME"}}"""));
        using var client = Client(api);
        var error = await Assert.ThrowsAsync<OpenClueApiException>(() => client.Features.CreateAsync(new CreateFeatureRequest("n", "b", "p")));
        Assert.False(error.AfterRetry);
        Assert.Single(api.Requests); // no listing to look for "our" feature
    }

    [Fact]
    public async Task Retries_can_be_turned_off()
    {
        var api = new ScriptedApi((_, _) => (HttpStatusCode.ServiceUnavailable, "{}"));
        using var client = Client(api, RetryOptions.None);
        await Assert.ThrowsAsync<OpenClueApiException>(() => client.Models.ListAsync());
        Assert.Single(api.Requests);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

    private sealed class Scripted(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) => Task.FromResult(answer(request));
    }
}
