using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenClue.Client;
using OpenClue.Server.Platform.Auth;

namespace OpenClue.Server.Tests.Infrastructure;

/// <summary>
/// A real OpenClue server for a test: the app from Program.cs on Kestrel, bound to a free loopback port,
/// with its own temporary data folder and a known bootstrap key. Requests go over real HTTP, signed as NCLUE
/// clients sign them.
/// </summary>
public sealed class OpenClueHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly bool _ownsDataDir;

    public string DataDir { get; }
    public string AccessKey { get; }
    public string SecretKey { get; }
    public Uri BaseAddress { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _factory.Services;

    private OpenClueHost(WebApplicationFactory<Program> factory, string dataDir, bool ownsDataDir, string accessKey, string secretKey, Uri baseAddress)
    {
        _factory = factory;
        _ownsDataDir = ownsDataDir;
        DataDir = dataDir;
        AccessKey = accessKey;
        SecretKey = secretKey;
        BaseAddress = baseAddress;
        Client = CreateClient(accessKey, secretKey);
    }

    /// <param name="services">Replaces services after the server's own registration (e.g. its clock).</param>
    public static OpenClueHost Start(string? dataDir = null, IDictionary<string, string?>? settings = null,
        string accessKey = "AKTESTDEFAULT", string secretKey = "test-secret-default", Action<IServiceCollection>? services = null)
    {
        var owns = dataDir is null;
        dataDir ??= Directory.CreateTempSubdirectory("openclue-test-").FullName;
        var port = FreePort();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("OpenClue:DataDir", dataDir);
            b.UseSetting("OpenClue:AccessKey", accessKey);
            b.UseSetting("OpenClue:SecretKey", secretKey);
            b.UseSetting("OpenClue:Worker:Concurrency", "2");
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) b.UseSetting(key, value);
            if (services is not null) b.ConfigureServices(services);
        });
        factory.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new OpenClueHost(factory, dataDir, owns, accessKey, secretKey, new Uri(address.Replace("localhost", "127.0.0.1")));
    }

    public HttpClient CreateClient(string accessKey, string secretKey) =>
        new(new SignatureV2Handler(accessKey, secretKey) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = BaseAddress };

    public HttpClient CreateUnsignedClient() => new() { BaseAddress = BaseAddress };

    /// <summary>The folder behind bucket <paramref name="bucket"/>, created.</summary>
    public string Bucket(string bucket) => Directory.CreateDirectory(Path.Combine(DataDir, "buckets", bucket)).FullName;

    public async Task<KeyManagement.CreatedKey> CreateTenantKeyAsync(string tenant)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<KeyManagement>().CreateKeyAsync(tenant);
    }

    public async Task WithKeysAsync(Func<KeyManagement, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<KeyManagement>());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        if (_ownsDataDir) TryDeleteDirectory(DataDir);
    }

    public static void TryDeleteDirectory(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
