using System.Diagnostics;
using System.Net.Sockets;

namespace OpenClue.Cli.Tests.Infrastructure;

/// <summary>
/// A throwaway s3rver (the S3-compatible server CI installs, see .ci/run) on a free port, with its default key
/// S3RVER/S3RVER. Outside CI a missing s3rver skips the test (<see cref="S3rverFactAttribute"/>); on CI it fails.
/// </summary>
public sealed class S3rver : IDisposable
{
    public const string Key = "S3RVER";
    private const string DefaultScript = "/opt/openclue-s3rver/node_modules/s3rver/bin/s3rver.js";
    private readonly Process _process;
    private readonly string _directory;

    public S3rver()
    {
        var script = Script() ?? throw new InvalidOperationException("s3rver was not found: set OPENCLUE_S3RVER (see .ci/run).");
        _directory = Directory.CreateTempSubdirectory("openclue-cli-s3-").FullName;
        var port = TestServer.FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, "-d", _directory, "-a", "127.0.0.1", "-p", port.ToString(), "--no-vhost-buckets", "--silent" })
            start.ArgumentList.Add(arg);
        _process = Process.Start(start)!;
        WaitForPort(port);
    }

    public string Endpoint { get; }

    public static string? Script() =>
        new[] { Environment.GetEnvironmentVariable("OPENCLUE_S3RVER"), DefaultScript }.FirstOrDefault(File.Exists);

    private static void WaitForPort(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var client = new TcpClient("127.0.0.1", port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
        TempFolders.Delete(_directory);
    }
}

/// <summary>A fact that needs s3rver: skipped when it is missing, except on CI (CI=true), where the test then fails.</summary>
public sealed class S3rverFactAttribute : FactAttribute
{
    public S3rverFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (S3rver.Script() is null && !ci) Skip = "s3rver is not installed (see .ci/run)";
    }
}
