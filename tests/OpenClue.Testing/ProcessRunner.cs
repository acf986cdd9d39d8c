using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpenClue.Testing;

/// <summary>Runs a command to completion, capturing its output.</summary>
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output)
    {
        public Result EnsureSuccess(string what) =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"{what} failed with exit code {ExitCode}:\n{Output}");
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within {timeout}");
        }
        output.Append(await stdout).Append(await stderr);
        return new Result(process.ExitCode, output.ToString());
    }

    /// <summary>Runs a shell command line as the <c>postgres</c> user when we are root (initdb refuses root), else as ourselves.</summary>
    public static Task<Result> RunAsPostgresAsync(string commandLine, TimeSpan timeout) =>
        ComponentEnvironment.IsRoot
            ? RunAsync("su", ["postgres", "-s", "/bin/bash", "-c", commandLine], timeout)
            : RunAsync("/bin/bash", ["-c", commandLine], timeout);

    /// <summary>A loopback port free right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A fresh temporary folder with mode 755 under a world-traversable parent (so <c>postgres</c> can reach it).</summary>
    public static string TraversableTempDirectory(string prefix)
    {
        var parent = OperatingSystem.IsWindows() ? Path.GetTempPath() : "/tmp";
        var dir = Path.Combine(parent, $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)]);
        Directory.CreateDirectory(dir);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return dir;
    }

    public static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
