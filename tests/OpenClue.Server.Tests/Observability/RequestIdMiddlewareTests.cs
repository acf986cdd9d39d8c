using System.Text.RegularExpressions;
using OpenClue.Server.Platform.Observability;

namespace OpenClue.Server.Tests.Observability;

public class RequestIdMiddlewareTests
{
    [Fact]
    public async Task Generates_a_32_char_hex_id_and_uses_it_as_trace_identifier()
    {
        await using var app = await ObservabilityTestApp.StartAsync();

        using var response = await app.Client.GetAsync("/trace-id");

        var id = Assert.Single(response.Headers.GetValues(RequestIdMiddleware.HeaderName));
        Assert.Matches(new Regex("^[0-9a-f]{32}$"), id);
        Assert.Equal(id, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("req-2024.01_A")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public async Task Keeps_a_well_formed_incoming_id(string incoming)
    {
        await using var app = await ObservabilityTestApp.StartAsync();

        using var response = await SendWithRequestId(app, incoming);

        Assert.Equal(incoming, Assert.Single(response.Headers.GetValues(RequestIdMiddleware.HeaderName)));
        Assert.Equal(incoming, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    [InlineData("카")]
    public async Task Replaces_a_malformed_incoming_id(string incoming)
    {
        await using var app = await ObservabilityTestApp.StartAsync();

        using var response = await SendWithRequestId(app, incoming);

        Assert.Matches(new Regex("^[0-9a-f]{32}$"), Assert.Single(response.Headers.GetValues(RequestIdMiddleware.HeaderName)));
    }

    [Fact]
    public async Task Log_lines_of_the_request_carry_the_id_in_scope()
    {
        await using var app = await ObservabilityTestApp.StartAsync();

        using var response = await SendWithRequestId(app, "trace-me", "/log");

        var entry = Assert.Single(app.Logs.Entries, e => e.Message == "handled");
        Assert.Equal("trace-me", entry.Scope["RequestId"]);
    }

    private static Task<HttpResponseMessage> SendWithRequestId(ObservabilityTestApp app, string id, string path = "/trace-id")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation(RequestIdMiddleware.HeaderName, id);
        return app.Client.SendAsync(request);
    }
}
