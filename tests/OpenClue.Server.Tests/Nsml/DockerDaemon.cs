using System.Diagnostics;
using OpenClue.Server.Tests.Components;

namespace OpenClue.Server.Tests.Nsml;

/// <summary>
/// A real Docker daemon for the docker executor's tests: the running one on <c>/var/run/docker.sock</c> if it answers,
/// else a private <c>dockerd</c> started here (own socket, data and exec roots, no bridge, so it collides with nothing)
/// and stopped at the end. The test image is <c>docker import</c> of a busybox-static root filesystem (no registry
/// is reachable). Outside CI a machine without dockerd skips the tests; with <c>CI=true</c> it fails them.
/// </summary>
public sealed class DockerDaemon : IAsyncLifetime
{
    public const string Image = "openclue-nsml-test:busybox";
    public const string DefaultSocket = "/var/run/docker.sock";

    private Process? _daemon;
    private string? _scratch;

    public string Endpoint { get; private set; } = "";
    public string? SkipReason { get; private set; }

    public static string? Missing()
    {
        if (!File.Exists("/usr/sbin/dockerd") && !File.Exists("/usr/bin/dockerd")) return "dockerd was not found: `apt-get install -y docker.io`";
        if (!File.Exists("/bin/busybox")) return "busybox was not found (for the test image): `apt-get install -y busybox-static`";
        if (Environment.UserName != "root") return "starting dockerd needs root";
        return null;
    }

    public async Task InitializeAsync()
    {
        var missing = Missing();
        if (missing is not null)
        {
            if (ComponentEnvironment.IsCi) throw new InvalidOperationException($"CI=true but Docker cannot start: {missing}");
            SkipReason = missing;
            return;
        }
        if (await AnswersAsync("unix://" + DefaultSocket))
        {
            Endpoint = "unix://" + DefaultSocket;
        }
        else
        {
            _scratch = Directory.CreateTempSubdirectory("openclue-dockerd-").FullName;
            var socket = Path.Combine(_scratch, "docker.sock");
            var dockerd = File.Exists("/usr/sbin/dockerd") ? "/usr/sbin/dockerd" : "/usr/bin/dockerd";
            var info = new ProcessStartInfo(dockerd,
            [
                "--host", "unix://" + socket, "--data-root", Path.Combine(_scratch, "root"), "--exec-root", Path.Combine(_scratch, "exec"),
                "--pidfile", Path.Combine(_scratch, "docker.pid"), "--bridge", "none", "--iptables=false",
            ])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            _daemon = Process.Start(info)!;
            _daemon.OutputDataReceived += (_, _) => { };
            _daemon.ErrorDataReceived += (_, _) => { };
            _daemon.BeginOutputReadLine();
            _daemon.BeginErrorReadLine();
            Endpoint = "unix://" + socket;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!await AnswersAsync(Endpoint))
            {
                if (_daemon.HasExited || DateTime.UtcNow > deadline)
                {
                    var reason = $"dockerd did not start (exit {(_daemon.HasExited ? _daemon.ExitCode : -1)})";
                    if (ComponentEnvironment.IsCi) throw new InvalidOperationException("CI=true but " + reason);
                    SkipReason = reason;
                    return;
                }
                await Task.Delay(200);
            }
        }
        await BuildImageAsync();
    }

    private async Task BuildImageAsync()
    {
        var rootfs = Directory.CreateTempSubdirectory("openclue-rootfs-").FullName;
        try
        {
            var script = $"""
                set -e
                mkdir -p {rootfs}/bin {rootfs}/tmp {rootfs}/workspace
                cp /bin/busybox {rootfs}/bin/busybox
                for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox {rootfs}/bin/$a; done
                tar -C {rootfs} -c . | docker -H {Endpoint} import - {Image}
                """;
            var (code, output) = await RunAsync("/bin/sh", "-c", script);
            if (code != 0) throw new InvalidOperationException($"Building the test image failed ({code}): {output}");
        }
        finally
        {
            Directory.Delete(rootfs, recursive: true);
        }
    }

    /// <summary>Containers of this daemon carrying the label <paramref name="label"/> (key=value), running or not.</summary>
    public async Task<List<string>> ContainersAsync(string label)
    {
        var (_, output) = await RunAsync("docker", "-H", Endpoint, "ps", "-aq", "--filter", "label=" + label);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private static async Task<bool> AnswersAsync(string endpoint)
    {
        try
        {
            var (code, _) = await RunAsync("docker", "-H", endpoint, "version", "--format", "{{.Server.Version}}");
            return code == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    public async Task DisposeAsync()
    {
        if (_daemon is { HasExited: false })
        {
            using (var term = Process.Start("kill", ["-TERM", _daemon.Id.ToString()])) await term!.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await _daemon.WaitForExitAsync(timeout.Token); }
            catch (OperationCanceledException) { _daemon.Kill(entireProcessTree: true); }
        }
        _daemon?.Dispose();
        if (_scratch is not null)
        {
            try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerDaemon>
{
    public const string Name = "docker";
}
