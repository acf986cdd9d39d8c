using System.Diagnostics;

namespace OpenClue.Deployment.Tests;

/// <summary>
/// A Docker engine for the image tests: the one already running (<c>DOCKER_HOST</c> or the default socket), else a
/// private <c>dockerd</c> started here (own data root and socket, no bridge, no iptables changes) and stopped on
/// dispose. Builds use Debian's docker CLI with BuildKit, which skips stages a build does not need. Outside CI a
/// missing engine skips the tests with a reason; with <c>CI=true</c> the fixture throws instead.
/// </summary>
public sealed class DockerEngine : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private Process? _daemon;
    private string? _folder;
    private Dictionary<string, string> _environment = new();

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why image tests cannot run here, or null.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>Debian's CLI first: it carries BuildKit itself, where newer CLIs need the buildx plugin.</summary>
    public static string? Cli() => File.Exists("/usr/bin/docker") ? "/usr/bin/docker" : Command.OnPath("docker");

    public static string? Daemon() => Command.OnPath("dockerd") ?? (File.Exists("/usr/sbin/dockerd") ? "/usr/sbin/dockerd" : null);

    public static string? Missing()
    {
        if (!OperatingSystem.IsLinux()) return "image tests need Linux";
        if (Cli() is null) return "the docker CLI was not found: `apt-get install docker.io`";
        if (Environment.UserName != "root") return "image tests start dockerd and run debootstrap, which need root";
        if (Daemon() is null) return "dockerd was not found: `apt-get install docker.io`";
        if (DebianBaseImage.Debootstrap() is null) return "debootstrap was not found: `apt-get install debootstrap`";
        return null;
    }

    public async Task InitializeAsync()
    {
        Unavailable = Missing();
        if (Unavailable is not null)
        {
            if (IsCi) throw new InvalidOperationException($"CI=true but the Docker engine cannot be used: {Unavailable}");
            return;
        }
        if (await RespondsAsync()) return;
        await StartPrivateDaemonAsync();
    }

    /// <summary>Runs the docker CLI against this engine, with BuildKit.</summary>
    public Task<Command.Result> RunAsync(IEnumerable<string> args, TimeSpan timeout) =>
        Command.RunAsync(Cli()!, args, timeout, _environment);

    public async Task<Command.Result> RunOrThrowAsync(IEnumerable<string> args, TimeSpan timeout, string what) =>
        (await RunAsync(args, timeout)).EnsureSuccess(what);

    private async Task<bool> RespondsAsync()
    {
        _environment = new Dictionary<string, string> { ["DOCKER_BUILDKIT"] = "1" };
        try
        {
            return (await RunAsync(["version", "--format", "{{.Server.Version}}"], TimeSpan.FromSeconds(20))).ExitCode == 0;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task StartPrivateDaemonAsync()
    {
        // Short paths: the exec root holds unix sockets (108-byte limit).
        _folder = Path.Combine("/tmp", "ocd-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_folder);
        var socket = Path.Combine(_folder, "docker.sock");
        var info = new ProcessStartInfo(Daemon()!)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in new[]
                 {
                     "--host", "unix://" + socket, "--data-root", Path.Combine(_folder, "data"),
                     "--exec-root", Path.Combine(_folder, "exec"), "--pidfile", Path.Combine(_folder, "dockerd.pid"),
                     "--bridge", "none", "--iptables=false", "--ip-masq=false",
                 })
            info.ArgumentList.Add(a);
        _daemon = Process.Start(info) ?? throw new InvalidOperationException("dockerd did not start");
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _daemon.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        _daemon.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Enqueue(e.Data); };
        _daemon.BeginOutputReadLine();
        _daemon.BeginErrorReadLine();

        _environment = new Dictionary<string, string> { ["DOCKER_BUILDKIT"] = "1", ["DOCKER_HOST"] = "unix://" + socket };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_daemon.HasExited) break;
            if (File.Exists(socket) && (await RunAsync(["version"], TimeSpan.FromSeconds(10))).ExitCode == 0) return;
            await Task.Delay(500);
        }
        var reason = $"dockerd did not answer within {StartTimeout.TotalSeconds:0} s:\n{string.Join('\n', log.TakeLast(20))}";
        await DisposeAsync();
        if (IsCi) throw new InvalidOperationException(reason);
        Unavailable = reason;
    }

    public async Task DisposeAsync()
    {
        if (_daemon is not null)
        {
            if (!_daemon.HasExited)
            {
                // SIGTERM lets dockerd stop its containerd and unmount its layers; SIGKILL only as a last resort.
                await Command.RunAsync("kill", ["-TERM", _daemon.Id.ToString()], TimeSpan.FromSeconds(10));
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                try { await _daemon.WaitForExitAsync(cts.Token); }
                catch (OperationCanceledException) { _daemon.Kill(entireProcessTree: true); }
            }
            _daemon.Dispose();
            _daemon = null;
        }
        if (_folder is not null)
        {
            await UnmountUnderAsync(_folder);
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            _folder = null;
        }
    }

    /// <summary>dockerd leaves its default network namespace mounted under the exec root.</summary>
    private static async Task UnmountUnderAsync(string folder)
    {
        var mountPoints = File.ReadLines("/proc/self/mounts")
            .Select(line => line.Split(' ')[1])
            .Where(point => point.StartsWith(folder + "/", StringComparison.Ordinal))
            .OrderByDescending(point => point.Length);
        foreach (var point in mountPoints)
            await Command.RunAsync("umount", ["-l", point], TimeSpan.FromSeconds(30));
    }
}

[CollectionDefinition(Name)]
public sealed class DockerCollection : ICollectionFixture<DockerEngine>
{
    public const string Name = "docker";
}

/// <summary>A fact that needs the Docker engine: skipped with the reason outside CI when it is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (DockerEngine.IsCi) return;
        if (DockerEngine.Missing() is { } missing) Skip = $"Image test skipped: {missing}. (With CI=true this fails instead.)";
    }
}
