using System.Net;
using System.Net.Sockets;
using OpenClue.Client;

namespace OpenClue.Deployment.Tests;

/// <summary>
/// Builds the repository's <c>Dockerfile</c> (its runtime stage, on the Debian base made here, with a
/// self-contained publish standing in for the SDK stage), runs the image, and waits for the image's own
/// HEALTHCHECK to report healthy; then a signed API call goes through to the server inside.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ServerImageTests(DockerEngine docker)
{
    private const string PublishedTag = "openclue-test/published:local";
    private const string ServerTag = "openclue-test/server:local";

    [DockerFact]
    public async Task The_image_builds_runs_as_a_non_root_user_and_its_health_check_passes()
    {
        Assert.Null(docker.Unavailable);
        await DebianBaseImage.EnsureAsync(docker);
        await PublishIntoImageAsync();
        await docker.RunOrThrowAsync(
            ["build", "--network", "none", "--build-arg", "RUNTIME_IMAGE=" + DebianBaseImage.Tag, "--build-arg", "PUBLISHED=" + PublishedTag,
             "-t", ServerTag, "-f", Repository.PathOf("Dockerfile"), Repository.Root],
            TimeSpan.FromMinutes(5), "docker build");

        Assert.Equal("1654", (await docker.RunOrThrowAsync(["image", "inspect", "--format", "{{.Config.User}}", ServerTag],
            TimeSpan.FromSeconds(30), "inspect")).Output.Trim());

        var port = FreePort();
        var name = "openclue-image-test-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            // Host networking: the private engine has no bridge; the health check itself runs inside the container.
            await docker.RunOrThrowAsync(
                ["run", "-d", "--name", name, "--network", "host", "--health-interval", "2s", "--health-start-period", "60s",
                 "-e", $"ASPNETCORE_HTTP_PORTS={port}", "-e", "OpenClue__AccessKey=image-test", "-e", "OpenClue__SecretKey=image-test-secret",
                 ServerTag],
                TimeSpan.FromMinutes(1), "docker run");

            var health = await WaitForHealthAsync(name, TimeSpan.FromSeconds(90));
            Assert.True(health == "healthy",
                $"health {health}; logs:\n{(await docker.RunAsync(["logs", name], TimeSpan.FromSeconds(30))).Output}");

            using var client = OpenClueClient.Create(new Uri($"http://127.0.0.1:{port}"), "image-test", "image-test-secret");
            var features = await client.Features.ListAsync();
            Assert.Equal(0, features.Total);

            Assert.Equal("1654", (await docker.RunOrThrowAsync(["exec", name, "id", "-u"], TimeSpan.FromSeconds(30), "id")).Output.Trim());
        }
        finally
        {
            await docker.RunAsync(["rm", "-f", "-v", name], TimeSpan.FromMinutes(1));
        }
    }

    private async Task<string> WaitForHealthAsync(string container, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var status = "";
        while (DateTime.UtcNow < deadline)
        {
            status = (await docker.RunOrThrowAsync(["inspect", "--format", "{{.State.Health.Status}}", container],
                TimeSpan.FromSeconds(30), "inspect")).Output.Trim();
            if (status is "healthy" or "unhealthy") return status;
            await Task.Delay(1000);
        }
        return status;
    }

    /// <summary>
    /// Publishes the server self-contained from a copy of the sources (the checkout's obj/ folders stay as they are)
    /// and imports the output as an image whose /app is what the Dockerfile's <c>PUBLISHED</c> stage expects.
    /// </summary>
    private async Task PublishIntoImageAsync()
    {
        var work = Path.Combine(Path.GetTempPath(), "ocpub-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            CopySources(Repository.PathOf("src"), Path.Combine(work, "src"));
            // The build settings at the root: props (central package versions included) and the analyzers' settings.
            foreach (var file in Directory.EnumerateFiles(Repository.Root).Where(f => Path.GetFileName(f) is ".editorconfig" || f.EndsWith(".props", StringComparison.Ordinal)))
                File.Copy(file, Path.Combine(work, Path.GetFileName(file)));
            (await Command.RunAsync("dotnet",
                ["publish", Path.Combine(work, "src", "OpenClue.Server", "OpenClue.Server.csproj"), "-c", "Release", "-r", "linux-x64",
                 "--self-contained", "-p:PublishReadyToRun=false", "-o", Path.Combine(work, "app")],
                TimeSpan.FromMinutes(8), new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" }))
                .EnsureSuccess("dotnet publish");
            (await Command.RunAsync("tar", ["-C", work, "-cf", Path.Combine(work, "app.tar"), "app"], TimeSpan.FromMinutes(2))).EnsureSuccess("tar");
            await docker.RunOrThrowAsync(["import", Path.Combine(work, "app.tar"), PublishedTag], TimeSpan.FromMinutes(2), "docker import");
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static void CopySources(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(from))
            if (Path.GetFileName(dir) is not ("bin" or "obj"))
                CopySources(dir, Path.Combine(to, Path.GetFileName(dir)));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
