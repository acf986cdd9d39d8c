using System.Diagnostics;
using System.Globalization;

namespace OpenClue.Server.Nsml.Execution;

/// <summary>
/// The embedded executor: <c>/bin/sh -c command</c> (<c>Nsml:Shell</c>) in the project's workspace, as the leader of a new session and
/// process group (<c>setsid</c>), so stopping a node reaches every process it started. The environment is built from
/// nothing: <c>PATH</c>, <c>HOME</c> = the workspace, and the run's variables. Optionally as <c>Nsml:RunAsUser</c>.
/// </summary>
public sealed class ProcessExecutor(NsmlOptions options, ProcessLedger ledger, ILogger<ProcessExecutor> log) : INodeExecutor
{
    public const string Setsid = "/usr/bin/setsid";
    public const string Setpriv = "/usr/bin/setpriv";

    public Task<IRunningNode> StartAsync(NodeLaunch launch, NodeOutput output, CancellationToken ct)
    {
        Directory.CreateDirectory(launch.Workspace);
        var info = new ProcessStartInfo
        {
            WorkingDirectory = launch.Workspace,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (options.RunAsUser is { Length: > 0 } user)
        {
            var (uid, gid) = LookUpUser(user);
            info.FileName = Setpriv;
            foreach (var arg in new[] { $"--reuid={uid}", $"--regid={gid}", "--init-groups", Setsid }) info.ArgumentList.Add(arg);
        }
        else
        {
            info.FileName = Setsid;
        }
        info.ArgumentList.Add(options.Shell);
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(launch.Command);
        info.Environment.Clear();
        info.Environment["PATH"] = options.RunPath;
        info.Environment["HOME"] = launch.Workspace;
        foreach (var (name, value) in launch.Variables) info.Environment[name] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException("The node's process could not be started.");
        process.StandardInput.Close(); // a command reading stdin sees its end, never the server's input
        var start = ProcessGroups.StartTime(process.Id) ?? 0;
        ledger.Add(process.Id, start);
        var node = new RunningProcess(process, start, output, ledger, log);
        return Task.FromResult<IRunningNode>(node);
    }

    public Task KillLeftoversAsync(CancellationToken ct)
    {
        foreach (var (pgid, start) in ledger.Entries())
        {
            var killed = ProcessGroups.Signal(pgid, start, ProcessGroups.SigKill);
            if (killed > 0) log.LogWarning("Killed {Count} process(es) of group {Pgid} left running by an earlier process of this worker", killed, pgid);
        }
        ledger.Clear();
        return Task.CompletedTask;
    }

    private static (int Uid, int Gid) LookUpUser(string user)
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length < 4) continue;
            if (fields[0] == user || fields[2] == user)
                return (int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture));
        }
        throw new InvalidOperationException($"OpenClue:Nsml:RunAsUser names no user of this machine: '{user}'.");
    }

    private sealed class RunningProcess : IRunningNode
    {
        private readonly Process _process;
        private readonly int _pid;
        private readonly long _start;

        public RunningProcess(Process process, long start, NodeOutput output, ProcessLedger ledger, ILogger log)
        {
            _process = process;
            _pid = process.Id;
            _start = start;
            Exited = WatchAsync(output, ledger, log);
        }

        public int? Pid => _pid;
        public long? PidStart => _start;
        public string? ContainerId => null;
        public Task<int> Exited { get; }

        private async Task<int> WatchAsync(NodeOutput output, ProcessLedger ledger, ILogger log)
        {
            var pumps = Task.WhenAll(output.PumpAsync(_process.StandardOutput.BaseStream), output.PumpAsync(_process.StandardError.BaseStream));
            await _process.WaitForExitAsync();
            var code = _process.ExitCode;
            // Whatever the command left behind in its group (background jobs) ends with it: nothing is orphaned.
            var left = ProcessGroups.Signal(_pid, _start, ProcessGroups.SigKill);
            if (left > 0) log.LogInformation("Killed {Count} process(es) the node's command left in its group", left);
            await ProcessGroups.WaitGoneAsync(_pid, _start, TimeSpan.FromSeconds(5));
            await pumps.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
            ledger.Remove(_pid, _start);
            _process.Dispose();
            return code;
        }

        public async Task StopAsync(TimeSpan grace)
        {
            await ProcessGroups.TerminateAsync(_pid, _start, grace);
            await Exited;
        }
    }
}
