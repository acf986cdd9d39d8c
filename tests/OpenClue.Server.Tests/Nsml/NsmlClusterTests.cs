using System.Diagnostics;
using System.Net;
using OpenClue.Client;
using OpenClue.Server.Tests.Components;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Nsml;

[CollectionDefinition(Name)]
public sealed class NsmlClusterCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "nsml-cluster";
}

/// <summary>
/// NSML on a cluster for real: one API process and two <c>--role worker</c> processes (one slot each) on PostgreSQL,
/// sharing one workspace root. A 2-node run is placed on both workers; SIGKILL of one fails the run within the
/// documented detection time (Nsml:WorkerTimeout plus a poll), the survivor's node is stopped, and the killed
/// worker kills what it left when it starts again.
/// </summary>
[Collection(NsmlClusterCollection.Name)]
public sealed class NsmlClusterTests(PostgresFixture postgres)
{
    private const string AccessKey = "AKNSMLCLUSTER";
    private const string Secret = "nsml-cluster-secret";

    [ComponentFact(Component.Postgres)]
    public async Task Two_workers_share_a_two_node_run_and_a_killed_worker_fails_it_and_leaves_no_orphan()
    {
        var database = await postgres.CreateDatabaseAsync();
        var workspaces = Directory.CreateTempSubdirectory("openclue-nsml-shared-").FullName;
        var folders = new List<string>();
        var processes = new List<ServerProcess>();
        Dictionary<string, string> Settings(string? worker) => new()
        {
            ["OpenClue:Database"] = database,
            ["OpenClue:MasterKey"] = "bnNtbC1jbHVzdGVyLXRlc3QtbWFzdGVyLWtleS0zMmI=",
            ["OpenClue:Worker:Concurrency"] = "1",
            ["OpenClue:Nsml:WorkspaceRoot"] = workspaces,
            ["OpenClue:Nsml:Slots"] = "1",
            ["OpenClue:Nsml:PollInterval"] = "00:00:00.500",
            ["OpenClue:Nsml:WorkerTimeout"] = "00:00:05",
            ["OpenClue:Nsml:StopGracePeriod"] = "00:00:02",
            ["OpenClue:Nsml:WorkerName"] = worker ?? "api",
            ["OpenClue:Nsml:Host"] = worker ?? "api",
        };
        async Task<ServerProcess> Start(string role, string? worker, string? folder = null)
        {
            folder ??= Directory.CreateTempSubdirectory("openclue-nsml-node-").FullName;
            if (!folders.Contains(folder)) folders.Add(folder);
            var process = await ServerProcess.StartAsync(folder, AccessKey, Secret, Settings(worker), role);
            processes.Add(process);
            return process;
        }
        try
        {
            var api = await Start("api", null);
            var w1 = await Start("worker", "w1");
            var w2 = await Start("worker", "w2");
            var hosts = new Dictionary<string, ServerProcess> { ["w1"] = w1, ["w2"] = w2 };
            using var client = new HttpClient(new SignatureV2Handler(AccessKey, Secret) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = api.BaseAddress };

            var project = await client.CreateProjectAsync("cluster");
            var workspace = Path.Combine(workspaces, "default", project);
            var run = await client.CreateRunAsync(project,
                "echo rank $RANK of $WORLD_SIZE master $MASTER_ADDR; sleep 300 & echo $$ > pid-$RANK.txt; wait", nodeCount: 2);
            var pgids = new[]
            {
                int.Parse(await NsmlCalls.WaitForFileAsync(Path.Combine(workspace, "pid-0.txt"), TimeSpan.FromSeconds(60))),
                int.Parse(await NsmlCalls.WaitForFileAsync(Path.Combine(workspace, "pid-1.txt"), TimeSpan.FromSeconds(60))),
            };
            await client.WaitForStatusAsync(project, run, "RUN_STATE_IN_PROGRESS");
            var nodes = (await client.GetNsmlAsync($"/projects/{project}/runs/{run}/nodes")).Body.GetProperty("nodes").EnumerateArray().ToList();
            var nodeHosts = nodes.Select(n => n.GetProperty("host").GetString()!).ToList();
            Assert.Equal(["w1", "w2"], nodeHosts.OrderBy(h => h).ToArray());
            Assert.All(nodes, n => Assert.Equal("RUNNING", n.GetProperty("state").GetString()));
            // Both nodes have started (their pid files exist), but each worker ships its output on its own poll.
            var log = await client.LogsAsync(project, run);
            for (var wait = Stopwatch.StartNew(); wait.Elapsed < TimeSpan.FromSeconds(30) && !(log.Contains("rank 0 ") && log.Contains("rank 1 "));)
            {
                await Task.Delay(200);
                log = await client.LogsAsync(project, run);
            }
            Assert.Contains($"rank 0 of 2 master {nodeHosts[0]}", log);
            Assert.Contains($"rank 1 of 2 master {nodeHosts[0]}", log);

            // SIGKILL the worker of rank 1 alone; its node's processes, in their own session, outlive it.
            var victimName = nodeHosts[1];
            var victim = hosts[victimName];
            var victimFolder = folders[processes.IndexOf(victim)];
            var killedAt = Stopwatch.StartNew();
            using (var kill = Process.Start("kill", ["-KILL", victim.Id.ToString()])) await kill!.WaitForExitAsync();
            var (_, last) = await client.WaitForRunAsync(project, run, TimeSpan.FromSeconds(30));
            var detection = killedAt.Elapsed;
            Assert.Equal("RUN_STATE_FAILED", last.Field("status"));
            Assert.Contains($"Worker {victimName} stopped answering", last.Field("statusMessage"));
            // Nsml:WorkerTimeout (5 s) + the last heartbeat's age (≤ 1 s) + one poll (0.5 s), with room for a loaded machine.
            Assert.True(detection < TimeSpan.FromSeconds(15), $"detected after {detection}");
            Console.WriteLine($"NSML cluster: a killed worker's run failed {detection.TotalSeconds:0.0} s after the SIGKILL");

            // The survivor stops its node (TERM, then KILL after 2 s); the victim's node is still running, orphaned.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (NsmlCalls.GroupMembers(pgids[0]).Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.Empty(NsmlCalls.GroupMembers(pgids[0]));
            Assert.NotEmpty(NsmlCalls.GroupMembers(pgids[1]));
            // The survivor records its node's end after the processes are gone; on a loaded machine that write can trail them.
            List<string?> states = [];
            for (deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(200))
            {
                states = (await client.GetNsmlAsync($"/projects/{project}/runs/{run}/nodes")).Body.GetProperty("nodes").EnumerateArray()
                    .Select(n => n.GetProperty("state").GetString()).ToList();
                if (states.Count > 0 && states[0] != "RUNNING") break;
            }
            Assert.Equal(["STOPPED", "FAILED"], states);

            // The killed worker starts again (same name, same data folder) and kills what it left.
            await Start("worker", victimName, victimFolder);
            deadline = DateTime.UtcNow.AddSeconds(30);
            while (NsmlCalls.GroupMembers(pgids[1]).Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.Empty(NsmlCalls.GroupMembers(pgids[1]));

            // And the cluster runs the next 2-node run to completion.
            var next = await client.CreateRunAsync(project, "echo again $RANK", nodeCount: 2);
            Assert.Equal("RUN_STATE_COMPLETED", (await client.WaitForRunAsync(project, next, TimeSpan.FromSeconds(60))).Last.Field("status"));
        }
        finally
        {
            foreach (var process in processes) await process.DisposeAsync();
            foreach (var folder in folders) OpenClueHost.TryDeleteDirectory(folder);
            OpenClueHost.TryDeleteDirectory(workspaces);
        }
    }
}
