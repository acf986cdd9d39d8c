using OpenClue.Client;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Nsml;

/// <summary>
/// The embedded server SIGKILLed in the middle of a run (no shutdown code runs; the run's processes, in their own
/// session, outlive it), then started again on the same data folder: the run ends failed with the reason, and
/// what it left running is killed.
/// </summary>
public sealed class NsmlCrashTests
{
    [Fact]
    public async Task A_run_killed_with_its_server_ends_failed_after_restart_and_its_processes_are_gone()
    {
        var dataDir = Directory.CreateTempSubdirectory("openclue-nsml-crash-").FullName;
        const string accessKey = "AKNSMLCRASH";
        const string secret = "nsml-crash-secret";
        var settings = new Dictionary<string, string> { ["OpenClue:Nsml:PollInterval"] = "00:00:00.200" };
        try
        {
            string project, run;
            int pgid;
            await using (var first = await ServerProcess.StartAsync(dataDir, accessKey, secret, settings))
            {
                using var client = Client(first, accessKey, secret);
                project = await client.CreateProjectAsync("crash");
                run = await client.CreateRunAsync(project, "sleep 300 & echo $$ > pid.txt; wait");
                var workspace = Path.Combine(dataDir, "nsml", "workspaces", "default", project);
                pgid = int.Parse(await NsmlCalls.WaitForFileAsync(Path.Combine(workspace, "pid.txt")));
                await client.WaitForStatusAsync(project, run, "RUN_STATE_IN_PROGRESS");
                Assert.Equal(2, NsmlCalls.GroupMembers(pgid).Count);

                // SIGKILL of the server alone (not its process tree): the run's processes keep running.
                using (var kill = System.Diagnostics.Process.Start("kill", ["-KILL", first.Id.ToString()])) await kill!.WaitForExitAsync();
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (NsmlCalls.IsAlive(first.Id) && DateTime.UtcNow < deadline) await Task.Delay(50);
                Assert.Equal(2, NsmlCalls.GroupMembers(pgid).Count);
            }

            await using var second = await ServerProcess.StartAsync(dataDir, accessKey, secret, settings);
            using var again = Client(second, accessKey, secret);
            var (_, last) = await again.WaitForRunAsync(project, run, TimeSpan.FromSeconds(30));
            Assert.Equal("RUN_STATE_FAILED", last.Field("status"));
            Assert.Contains("restarted while the node ran", last.Field("statusMessage"));
            Assert.Empty(NsmlCalls.GroupMembers(pgid));
            var node = (await again.GetNsmlAsync($"/projects/{project}/runs/{run}/nodes")).Body.GetProperty("nodes")[0];
            Assert.Equal("FAILED", node.GetProperty("state").GetString());
            Assert.Contains("restarted while the node ran", await again.LogsAsync(project, run));

            // The restarted server runs new work as usual.
            var next = await again.CreateRunAsync(project, "echo after restart");
            Assert.Equal("RUN_STATE_COMPLETED", (await again.WaitForRunAsync(project, next)).Last.Field("status"));
        }
        finally
        {
            OpenClueHost.TryDeleteDirectory(dataDir);
        }
    }

    private static HttpClient Client(ServerProcess server, string accessKey, string secret) =>
        new(new SignatureV2Handler(accessKey, secret) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = server.BaseAddress };
}
