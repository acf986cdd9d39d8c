using System.Net;
using System.Text;
using System.Text.Json;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests.Nsml;

/// <summary>NSML calls for the tests: JSON bodies as NSML clients send them, and waiting on a run's state.</summary>
public static class NsmlCalls
{
    public const string Base = "/nsml/v1";

    /// <summary>Settings that make tests quick: a short stop grace period and frequent polls.</summary>
    public static Dictionary<string, string?> FastSettings(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["OpenClue:Nsml:StopGracePeriod"] = "00:00:02",
            ["OpenClue:Nsml:PollInterval"] = "00:00:00.200",
            ["OpenClue:Nsml:Slots"] = "4",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }

    public static async Task<ApiCalls.Reply> SendJsonAsync(this HttpClient client, HttpMethod method, string path, string json)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        return await ApiCalls.ReadAsync(await client.SendAsync(request));
    }

    public static Task<ApiCalls.Reply> PostNsmlAsync(this HttpClient client, string path, object body) =>
        client.SendJsonAsync(HttpMethod.Post, Base + path, JsonSerializer.Serialize(body));

    public static Task<ApiCalls.Reply> GetNsmlAsync(this HttpClient client, string path) => client.GetJsonAsync(Base + path);

    public static Task<ApiCalls.Reply> DeleteNsmlAsync(this HttpClient client, string path) => client.DeleteJsonAsync(Base + path);

    public static async Task<string> CreateProjectAsync(this HttpClient client, string name)
    {
        var reply = await client.PostNsmlAsync("/projects", new { projectName = name, nasVolumeSize = 500, note = "test" });
        Assert.True(reply.Status == HttpStatusCode.Created, reply.ToString());
        return reply.Field("projectId");
    }

    public static async Task<string> CreateRunAsync(this HttpClient client, string projectId, string command, int nodeCount = 1,
        object? envs = null)
    {
        var reply = await client.PostNsmlAsync($"/projects/{projectId}/runs", new
        {
            gpuSvrCode = 1, nodeCount, imageType = "BASE", imagePath = "nvcr.io/nvidia/pytorch:21.02-py3", command,
            envs = envs ?? new { },
        });
        Assert.True(reply.Status == HttpStatusCode.Created, reply.ToString());
        Assert.Equal(projectId, reply.Field("projectId"));
        return reply.Field("runName");
    }

    /// <summary>Polls the run until it leaves the active states; returns every state seen, in order, and the last reply.</summary>
    public static async Task<(List<string> Seen, ApiCalls.Reply Last)> WaitForRunAsync(this HttpClient client, string projectId, string runName,
        TimeSpan? timeout = null)
    {
        var seen = new List<string>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var reply = await client.GetNsmlAsync($"/projects/{projectId}/runs/{runName}");
            Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
            var status = reply.Field("status");
            if (seen.Count == 0 || seen[^1] != status) seen.Add(status);
            if (status is not ("RUN_STATE_PENDING" or "RUN_STATE_IN_PROGRESS")) return (seen, reply);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Run {projectId}/{runName} still {status}: {reply}");
            await Task.Delay(50);
        }
    }

    public static async Task<string> WaitForStatusAsync(this HttpClient client, string projectId, string runName, string wanted, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var status = (await client.GetNsmlAsync($"/projects/{projectId}/runs/{runName}")).Field("status");
            if (status == wanted) return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Run {projectId}/{runName} is {status}, not {wanted}");
            await Task.Delay(50);
        }
    }

    public static async Task<string> LogsAsync(this HttpClient client, string projectId, string runName, long offset = 0)
    {
        var response = await client.GetAsync($"{Base}/projects/{projectId}/runs/{runName}/logs?offset={offset}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Waits for a file the run writes in its workspace (e.g. its shell's pid).</summary>
    public static async Task<string> WaitForFileAsync(string path, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (File.Exists(path) && File.ReadAllText(path) is { Length: > 0 } text && text.EndsWith('\n')) return text.Trim();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} was not written");
            await Task.Delay(50);
        }
    }

    /// <summary>True while a process with this pid exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException) { return false; }
    }

    /// <summary>Live processes whose process group is <paramref name="pgid"/>.</summary>
    public static List<int> GroupMembers(int pgid)
    {
        var list = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] != "Z" && int.Parse(fields[2]) == pgid) list.Add(pid);
            }
            catch (IOException) { }
        }
        return list;
    }

    public static string Workspace(OpenClueHost host, string projectId, string tenant = "default") =>
        Path.Combine(host.DataDir, "nsml", "workspaces", tenant, projectId);
}
