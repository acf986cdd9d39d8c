using OpenClue.Server.Tests.Components;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Security;

/// <summary>
/// Kubernetes starts pods at once: an API process and two workers started at the same moment on a new PostgreSQL
/// database all come up (schema, Quartz tables, bootstrap tenant and key written once, whoever is first).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ConcurrentStartTests(PostgresFixture postgres)
{
    [ComponentFact(Component.Postgres)]
    public async Task An_api_and_two_workers_started_at_once_on_a_new_database_all_come_up()
    {
        var database = await postgres.CreateDatabaseAsync();
        var settings = new Dictionary<string, string>
        {
            ["OpenClue:Database"] = database,
            ["OpenClue:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        var folders = Enumerable.Range(0, 3).Select(_ => Directory.CreateTempSubdirectory("openclue-start-").FullName).ToList();
        var starts = new[] { "api", "worker", "worker" }
            .Select((role, i) => ServerProcess.StartAsync(folders[i], "AKSTART", "start-secret", settings, role)).ToList();
        try
        {
            await Task.WhenAll(starts); // each waits for its /healthz: a process that died at start fails here
            using var api = new HttpClient(new OpenClue.Client.SignatureV2Handler("AKSTART", "start-secret")
            { InnerHandler = new SocketsHttpHandler() })
            { BaseAddress = starts[0].Result.BaseAddress };
            Assert.Equal(System.Net.HttpStatusCode.OK, (await api.GetJsonAsync("/api/v1/features")).Status);
        }
        finally
        {
            foreach (var start in starts)
                if (start.IsCompletedSuccessfully) await start.Result.DisposeAsync();
            foreach (var folder in folders) OpenClueHost.TryDeleteDirectory(folder);
        }
    }
}
