using System.Diagnostics;
using System.Net;
using System.Text;

namespace OpenClue.Server.Tests.Infrastructure;

/// <summary>
/// The server as its own OS process (the built OpenClue.Server.dll), for what an in-process host cannot show:
/// a SIGKILL in the middle of a job, and a restart on the same data folder.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public Uri BaseAddress { get; }
    public int Id => _process.Id;
    public string Output { get { lock (_output) return _output.ToString(); } }

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static async Task<ServerProcess> StartAsync(string dataDir, string accessKey, string secretKey,
        IDictionary<string, string>? settings = null, string role = "all")
    {
        var port = OpenClueHost.FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "OpenClue.Server.dll");
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}", "--role", role])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["OpenClue__DataDir"] = dataDir;
        info.Environment["OpenClue__AccessKey"] = accessKey;
        info.Environment["OpenClue__SecretKey"] = secretKey;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) info.Environment[key.Replace(":", "__")] = value;
        var server = new ServerProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await server.WaitHealthyAsync();
        }
        catch
        {
            await server.DisposeAsync(); // never leave a process that did not come up behind
            throw;
        }
        return server;
    }

    private async Task WaitHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{Output}");
            try
            {
                var health = await http.GetAsync("/healthz");
                if (health.StatusCode == HttpStatusCode.OK) return;
                last = await health.Content.ReadAsStringAsync();
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The server did not become healthy ({last}):\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or an OOM kill.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM: the graceful shutdown an operator or a supervisor does.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill!.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await _process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
        await Task.CompletedTask;
    }
}
