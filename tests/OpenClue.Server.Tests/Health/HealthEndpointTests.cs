using System.Net;
using System.Text.Json;
using OpenClue.Server.Tests.Components;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Health;

/// <summary>/livez, /readyz and /healthz: liveness never depends on the database, readiness does (503 with details).</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Liveness_readiness_and_the_healthz_alias_answer_GET_and_HEAD_unsigned()
    {
        await using var host = OpenClueHost.Start();
        using var anonymous = host.CreateUnsignedClient();
        foreach (var path in new[] { "/livez", "/readyz", "/healthz" })
        {
            var get = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Equal("ok", JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
            var head = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        }
        var ready = JsonDocument.Parse(await anonymous.GetStringAsync("/readyz")).RootElement;
        Assert.Equal(["database", "job_store", "object_storage"], ready.GetProperty("checks").EnumerateObject().Select(c => c.Name).Order());
        Assert.All(ready.GetProperty("checks").EnumerateObject(), c => Assert.Equal("ok", c.Value.GetString()));
        // Liveness checks nothing: it must not fail (and restart pods) because a dependency is down.
        Assert.Empty(JsonDocument.Parse(await anonymous.GetStringAsync("/livez")).RootElement.GetProperty("checks").EnumerateObject());
    }

    [ComponentFact(Component.Postgres)]
    public async Task When_PostgreSQL_stops_readyz_turns_503_naming_the_database_and_livez_stays_200()
    {
        // A PostgreSQL of this test's own, so stopping it disturbs no other test.
        var postgres = new PostgresFixture();
        await postgres.InitializeAsync();
        try
        {
            var database = await postgres.CreateDatabaseAsync();
            await using var host = OpenClueHost.Start(settings: new Dictionary<string, string?> { ["OpenClue:Database"] = database });
            using var anonymous = host.CreateUnsignedClient();
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/readyz")).StatusCode);

            await postgres.DisposeAsync(); // pg_ctl stop

            var ready = await anonymous.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("unhealthy", body.GetProperty("status").GetString());
            Assert.Equal("failing", body.GetProperty("checks").GetProperty("database").GetString());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync("/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/livez")).StatusCode);
        }
        finally
        {
            await postgres.DisposeAsync();
        }
    }
}
