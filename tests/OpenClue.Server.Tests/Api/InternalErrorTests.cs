using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenClue.Server.Nclue.Http;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Observability;

namespace OpenClue.Server.Tests.Api;

/// <summary>
/// 10116 cannot be provoked through the real API (that would be a bug), so the error pipeline the server uses is
/// exercised here with an endpoint that fails the way an unexpected fault would.
/// </summary>
public sealed class InternalErrorTests
{
    [Fact]
    public async Task An_unexpected_exception_answers_500_10116_without_internals()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddOpenClueObservability(builder.Configuration);
        builder.Services.AddApiErrorSurface("/", new NclueErrorWriter());
        await using var app = builder.Build();
        app.UseOpenClueRequestIds();
        app.UseApiErrors();
        app.MapGet("/boom", (HttpContext _) => throw new InvalidOperationException("secret connection string Host=db;Password=hunter2"));
        await app.StartAsync();
        using var client = app.GetTestClient();

        var response = await client.GetAsync("/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error");
        Assert.Equal("10116", error.GetProperty("errorCode").GetString());
        Assert.Equal("INTERNAL_ERROR", error.GetProperty("message").GetString());
        Assert.Equal(response.Headers.GetValues("X-Request-Id").Single(), error.GetProperty("request_id").GetString());
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("InvalidOperationException", text);
        Assert.DoesNotContain(" at ", text);
    }
}
