using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace OpenClue.Cli.Tests.Infrastructure;

/// <summary>
/// A real OpenClue server (Program.cs on Kestrel) on a free loopback port, with a temporary data folder and a known
/// bootstrap key, so the CLI process can talk to it over HTTP and reach its local buckets.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string AccessKey = "AKCLITEST";
    public const string SecretKey = "cli-test-secret";

    private readonly WebApplicationFactory<global::Program> _factory;

    private TestServer(WebApplicationFactory<global::Program> factory, string dataDir, Uri endpoint)
    {
        _factory = factory;
        DataDir = dataDir;
        Endpoint = endpoint;
    }

    public string DataDir { get; }
    public Uri Endpoint { get; }

    /// <param name="clock">Replaces the server's clock (to test clock skew).</param>
    /// <param name="settings">Further configuration, e.g. <c>OpenClue:Worker:Concurrency</c>.</param>
    public static TestServer Start(TimeProvider? clock = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("openclue-cli-server-").FullName;
        var port = FreePort();
        var factory = new WebApplicationFactory<global::Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("OpenClue:DataDir", dataDir);
            b.UseSetting("OpenClue:AccessKey", AccessKey);
            b.UseSetting("OpenClue:SecretKey", SecretKey);
            b.UseSetting("OpenClue:Worker:Concurrency", "2");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>()) b.UseSetting(key, value);
            if (clock is not null) b.ConfigureTestServices(s => s.AddSingleton(clock));
        });
        factory.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestServer(factory, dataDir, new Uri(address.Replace("localhost", "127.0.0.1")));
    }

    /// <summary>The folder behind a local bucket, created.</summary>
    public string Bucket(string bucket) => Directory.CreateDirectory(Path.Combine(DataDir, "buckets", bucket)).FullName;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        TempFolders.Delete(DataDir);
    }
}
