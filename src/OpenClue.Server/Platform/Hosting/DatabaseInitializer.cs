using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Hosting;

/// <summary>
/// Runs before the job engine and the API: applies schema migrations and makes sure tenant <c>default</c> has a
/// key — the configured one (D23), or a generated one printed once.
/// </summary>
public sealed class DatabaseInitializer(IServiceScopeFactory scopes, OpenClueOptions options, DataDirectory data,
    ILogger<DatabaseInitializer> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenClueDbContext>();
        await SchemaMigrator.MigrateAsync(db, ct);
        var keys = scope.ServiceProvider.GetRequiredService<KeyManagement>();
        Console.WriteLine($"OpenClue {ServerInfo.Version}: data folder {data.Root}");
        if (!string.IsNullOrWhiteSpace(options.AccessKey) && !string.IsNullOrWhiteSpace(options.SecretKey))
        {
            if (await keys.UpsertKeyAsync(Tenant.Default, options.AccessKey, options.SecretKey, ct))
                log.LogInformation("Bootstrap access key {AccessKey} of tenant default is configured", options.AccessKey);
            else
                log.LogWarning("Bootstrap access key {AccessKey} of tenant default is revoked and stays revoked; " +
                    "run 'admin reactivate-key {AccessKey}' to use it again, or configure another key", options.AccessKey, options.AccessKey);
        }
        else if (!await keys.HasAnyKeyAsync(Tenant.Default, ct))
        {
            var created = await keys.CreateKeyAsync(Tenant.Default, ct);
            Console.WriteLine("Generated the bootstrap key of tenant 'default' (shown only this once):");
            Console.WriteLine($"  access key: {created.AccessKey}");
            Console.WriteLine($"  secret key: {created.SecretKey}");
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
