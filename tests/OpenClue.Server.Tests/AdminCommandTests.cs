using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OpenClue.Server.Tests.Infrastructure;

namespace OpenClue.Server.Tests;

/// <summary>The operator interface of D23: <c>admin</c> commands on the server's own data folder.</summary>
public sealed class AdminCommandTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("openclue-admin-").FullName;

    private async Task<(int ExitCode, string[] Lines, string Error)> AdminAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "OpenClue.Server.dll"), "admin", .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["OpenClue__DataDir"] = _dataDir;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries), await stderr);
    }

    [Fact]
    public async Task Keys_and_grants_managed_from_the_command_line_take_effect_in_the_server()
    {
        var created = await AdminAsync("create-key", "--tenant", "acme");
        Assert.Equal(0, created.ExitCode);
        var line = Assert.Single(created.Lines);
        var key = JsonDocument.Parse(line).RootElement;
        Assert.Equal(["tenant", "access_key", "secret_key"], key.EnumerateObject().Select(p => p.Name));
        Assert.Equal("acme", key.GetProperty("tenant").GetString());
        var accessKey = key.GetProperty("access_key").GetString()!;
        var secret = key.GetProperty("secret_key").GetString()!;

        var listed = await AdminAsync("list-keys");
        Assert.Equal(0, listed.ExitCode);
        var acme = listed.Lines.Select(l => JsonDocument.Parse(l).RootElement).Single(k => k.GetProperty("access_key").GetString() == accessKey);
        Assert.False(acme.TryGetProperty("secret_key", out _));
        Assert.DoesNotContain(secret, string.Join('\n', listed.Lines));

        Assert.Equal(0, (await AdminAsync("grant", "--tenant", "acme", "--bucket", "acme-data")).ExitCode);
        await using (var host = OpenClueHost.Start(_dataDir))
        {
            var data = BehaviorData.Generate(50, seed: 1);
            data.WriteSequences(Path.Combine(host.Bucket("acme-data"), "seq.tsv"));
            using var client = host.CreateClient(accessKey, secret);
            var feature = await client.PostJsonAsync("/api/v1/features", new { name = "acme", source_bucket = "acme-data", source_file_path = "seq.tsv" });
            Assert.Equal(HttpStatusCode.OK, feature.Status);
        }

        Assert.Equal(0, (await AdminAsync("revoke-grant", "--tenant", "acme", "--bucket", "acme-data")).ExitCode);
        await using (var host = OpenClueHost.Start(_dataDir))
        {
            using var client = host.CreateClient(accessKey, secret);
            var refused = await client.PostJsonAsync("/api/v1/features", new { name = "acme2", source_bucket = "acme-data", source_file_path = "seq.tsv" });
            Assert.Equal(HttpStatusCode.NotFound, refused.Status);
            Assert.Equal("10106", refused.ErrorCode);
        }
        Assert.Equal(0, (await AdminAsync("revoke-key", accessKey)).ExitCode);
        await using (var host = OpenClueHost.Start(_dataDir))
        {
            using var client = host.CreateClient(accessKey, secret);
            var denied = await client.GetJsonAsync("/api/v1/features");
            Assert.Equal(HttpStatusCode.Unauthorized, denied.Status);
        }

        var bad = await AdminAsync("grant", "--tenant", "acme");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--bucket", bad.Error);
    }

    [Fact]
    public async Task Grant_refuses_an_unknown_tenant_list_grants_shows_grants_and_help_goes_to_stdout()
    {
        var unknown = await AdminAsync("grant", "--tenant", "acmee", "--bucket", "acme-data");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("No tenant 'acmee'", unknown.Error);
        Assert.Empty((await AdminAsync("list-grants")).Lines); // the typo created no tenant and no grant

        Assert.Equal(0, (await AdminAsync("create-key", "--tenant", "acme")).ExitCode);
        Assert.Equal(0, (await AdminAsync("create-key", "--tenant", "globex")).ExitCode);
        Assert.Equal(0, (await AdminAsync("grant", "--tenant", "globex", "--bucket", "globex-data")).ExitCode);
        Assert.Equal(0, (await AdminAsync("grant", "--tenant", "acme", "--bucket", "acme-data")).ExitCode);
        var grants = (await AdminAsync("list-grants")).Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["acme/acme-data", "globex/globex-data"],
            grants.Select(g => $"{g.GetProperty("tenant").GetString()}/{g.GetProperty("bucket").GetString()}"));
        var acmeOnly = (await AdminAsync("list-grants", "--tenant", "acme")).Lines;
        Assert.Equal("acme-data", JsonDocument.Parse(Assert.Single(acmeOnly)).RootElement.GetProperty("bucket").GetString());

        var help = await AdminAsync("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains(help.Lines, l => l.TrimStart().StartsWith("list-grants", StringComparison.Ordinal));
        Assert.Contains(help.Lines, l => l.TrimStart().StartsWith("migrate", StringComparison.Ordinal));
        Assert.Equal("", help.Error);
    }

    public void Dispose() => OpenClueHost.TryDeleteDirectory(_dataDir);
}
