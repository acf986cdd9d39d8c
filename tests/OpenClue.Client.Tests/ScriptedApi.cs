using System.Net;
using System.Text;

namespace OpenClue.Client.Tests;

/// <summary>A terminal handler that answers each request from a script and records what was asked.</summary>
internal sealed class ScriptedApi(Func<HttpRequestMessage, string?, (HttpStatusCode Status, string Body)> answer) : HttpMessageHandler
{
    public List<(string Method, string Target, string? Body)> Requests { get; } = [];

    public static OpenClueClient Client(ScriptedApi api, string endpoint = "http://clue.test") =>
        OpenClueClient.Create(new Uri(endpoint), "AK", "SK", api);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(ct);
        Requests.Add((request.Method.Method, request.RequestUri!.PathAndQuery, body));
        var (status, text) = answer(request, body);
        var response = new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
        response.Headers.Add("X-Request-Id", "header-request-id");
        return response;
    }
}
