using System.Diagnostics;
using System.Text.Json;

namespace OpenClue.Cli.Tests.Infrastructure;

/// <summary>What one <c>openclue</c> process did.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonElement Json() => JsonDocument.Parse(Stdout).RootElement.Clone();

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// Runs the real <c>openclue</c> (<c>dotnet openclue.dll</c>) with its own HOME, so profiles and the default data
/// folder are the test's, and no OPENCLUE_* variable leaks in from the machine.
/// </summary>
public sealed class CliProcess : IDisposable
{
    public CliProcess() => Home = Directory.CreateTempSubdirectory("openclue-cli-home-").FullName;

    public string Home { get; }

    public Dictionary<string, string> Environment { get; } = new();

    public static string CliDll { get; } = LocateCliDll();

    /// <summary>Environment pointing at <paramref name="server"/> with its bootstrap key and data folder.</summary>
    public static CliProcess For(TestServer server)
    {
        var cli = new CliProcess();
        cli.Environment["OPENCLUE_ENDPOINT"] = server.Endpoint.ToString();
        cli.Environment["OPENCLUE_ACCESS_KEY"] = TestServer.AccessKey;
        cli.Environment["OPENCLUE_SECRET_KEY"] = TestServer.SecretKey;
        cli.Environment["OPENCLUE_DATA_DIR"] = server.DataDir;
        return cli;
    }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        Prepare(start);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The process environment: the test's HOME and variables, no OPENCLUE_* from outside.</summary>
    public void Prepare(ProcessStartInfo start)
    {
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OPENCLUE_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(name);
        start.Environment["HOME"] = Home;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in Environment) start.Environment[name] = value;
    }

    // The CLI's own build output (it carries openclue.runtimeconfig.json and its deps), same configuration as the tests.
    private static string LocateCliDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testBin.Name, testBin.Parent!.Name);
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "OpenClue.sln"))) root = root.Parent;
        var dll = Path.Combine(root!.FullName, "src", "OpenClue.Cli", "bin", configuration, framework, "openclue.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build src/OpenClue.Cli first.", dll);
    }

    public void Dispose() => TempFolders.Delete(Home);
}
