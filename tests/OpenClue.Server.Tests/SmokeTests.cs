using System.Net;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests;

public sealed class SmokeTests
{
    [Fact]
    public async Task Root_describes_the_service_and_the_api_needs_a_signature()
    {
        await using var host = OpenClueHost.Start();
        using var anonymous = host.CreateUnsignedClient();
        var root = await anonymous.GetJsonAsync("/");
        Assert.Equal(HttpStatusCode.OK, root.Status);
        Assert.Equal("OpenClue", root.Field("name"));
        var denied = await anonymous.GetJsonAsync("/api/v1/features");
        Assert.Equal(HttpStatusCode.Unauthorized, denied.Status);
        Assert.Equal("10100", denied.ErrorCode);
        var list = await host.Client.GetJsonAsync("/api/v1/features");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.True(File.Exists(Path.Combine(host.DataDir, "openclue.db")));
    }
}
