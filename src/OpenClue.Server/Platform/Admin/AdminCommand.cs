using System.CommandLine;
using System.Text.Json;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Persistence;
using OpenClue.Server.Platform.Storage;
using OpenClue.Server.Platform.Storage.S3;

namespace OpenClue.Server.Platform.Admin;

/// <summary>
/// <c>admin create-key | list-keys | revoke-key | reactivate-key | grant | revoke-grant | list-grants | migrate</c>. Works on the same
/// data folder and database as the server (D23, configured the same way: environment or <c>--OpenClue:Key=value</c>);
/// output is JSON lines for scripts, errors one line on stderr with exit code 2 (refused) or 1 (failed).
/// </summary>
public static class AdminCommand
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task<int> RunAsync(string[] args)
    {
        // Configuration overrides are the server's own syntax, not admin options.
        var settings = args.Where(a => a.StartsWith("--OpenClue", StringComparison.Ordinal)).ToArray();
        var root = new RootCommand("OpenClue server") { Build(settings) };
        var parse = root.Parse(["admin", .. args.Where(a => !settings.Contains(a))]);
        if (parse.Errors.Count == 0) return parse.InvokeAsync();
        // Usage errors: one line each on stderr and exit code 2, as for every refusal.
        foreach (var error in parse.Errors) Console.Error.WriteLine(error.Message);
        Console.Error.WriteLine("See `admin --help`.");
        return Task.FromResult(2);
    }

    private static Command Build(string[] settings)
    {
        var tenant = new Option<string>("--tenant") { Description = "Tenant name (letters, digits, '-', '_', '.')", Required = true };
        var bucket = new Option<string>("--bucket") { Description = "Bucket name", Required = true };
        var admin = new Command("admin", "Manage tenants, access keys and bucket grants; move an embedded installation to PostgreSQL and S3.");

        var createKey = new Command("create-key", "Create an access key (and the tenant if new); prints the secret once.") { tenant };
        createKey.SetAction((parse, ct) => WithKeysAsync(settings, async keys =>
        {
            var created = await keys.CreateKeyAsync(parse.GetValue(tenant)!, ct);
            Print(new Dictionary<string, object?> { ["tenant"] = created.Tenant, ["access_key"] = created.AccessKey, ["secret_key"] = created.SecretKey });
            return 0;
        }));

        var listKeys = new Command("list-keys", "List access keys (never their secrets).");
        listKeys.SetAction((_, ct) => WithKeysAsync(settings, async keys =>
        {
            foreach (var key in await keys.ListKeysAsync(ct))
                Print(new Dictionary<string, object?>
                {
                    ["tenant"] = key.Tenant, ["access_key"] = key.AccessKey, ["created_at"] = key.CreatedAt.ToString("yyyy-MM-ddTHH:mm:sszzz"),
                    ["revoked_at"] = key.RevokedAt?.ToString("yyyy-MM-ddTHH:mm:sszzz"), ["active"] = key.RevokedAt is null,
                });
            return 0;
        }));

        var accessKey = new Argument<string>("access-key") { Description = "The access key to revoke" };
        var revokeKey = new Command("revoke-key", "Revoke an access key: its requests are refused from then on.") { accessKey };
        revokeKey.SetAction((parse, ct) => WithKeysAsync(settings, async keys =>
        {
            var key = parse.GetValue(accessKey)!;
            if (!await keys.RevokeKeyAsync(key, ct)) return Refuse($"No access key {key}.");
            Print(new Dictionary<string, object?> { ["access_key"] = key, ["revoked"] = true });
            return 0;
        }));

        var reactivatedKey = new Argument<string>("access-key") { Description = "The revoked access key to accept again" };
        var reactivateKey = new Command("reactivate-key", "Accept a revoked access key again (the one way back, the bootstrap key included).") { reactivatedKey };
        reactivateKey.SetAction((parse, ct) => WithKeysAsync(settings, async keys =>
        {
            var key = parse.GetValue(reactivatedKey)!;
            if (!await keys.ReactivateKeyAsync(key, ct)) return Refuse($"No access key {key}.");
            Print(new Dictionary<string, object?> { ["access_key"] = key, ["revoked"] = false });
            return 0;
        }));

        var grant = new Command("grant", "Let a tenant read datasets from and write results to a bucket.") { tenant, bucket };
        grant.SetAction((parse, ct) => WithKeysAsync(settings, async keys =>
        {
            var (name, bucketName) = (parse.GetValue(tenant)!, parse.GetValue(bucket)!);
            if (!PathRules.IsValidBucketName(bucketName)) return Refuse($"'{bucketName}' is not a valid bucket name.");
            // A typo must not create a tenant nobody has a key for.
            if (!await keys.TenantExistsAsync(name, ct)) return Refuse($"No tenant '{name}': create one with `admin create-key --tenant {name}` first.");
            await keys.GrantAsync(name, bucketName, ct);
            Print(new Dictionary<string, object?> { ["tenant"] = name, ["bucket"] = bucketName, ["granted"] = true });
            return 0;
        }));

        var revokeGrant = new Command("revoke-grant", "Withdraw a tenant's grant on a bucket.") { tenant, bucket };
        revokeGrant.SetAction((parse, ct) => WithKeysAsync(settings, async keys =>
        {
            var (name, bucketName) = (parse.GetValue(tenant)!, parse.GetValue(bucket)!);
            if (!await keys.RevokeGrantAsync(name, bucketName, ct)) return Refuse($"Tenant {name} has no grant on bucket {bucketName}.");
            Print(new Dictionary<string, object?> { ["tenant"] = name, ["bucket"] = bucketName, ["granted"] = false });
            return 0;
        }));

        var grantsOf = new Option<string>("--tenant") { Description = "Only this tenant's grants" };
        var listGrants = new Command("list-grants", "List bucket grants.") { grantsOf };
        listGrants.SetAction((parse, ct) => WithKeysAsync(settings, async keys =>
        {
            foreach (var g in await keys.ListGrantsAsync(parse.GetValue(grantsOf), ct))
                Print(new Dictionary<string, object?> { ["tenant"] = g.Tenant, ["bucket"] = g.Bucket, ["created_at"] = g.CreatedAt.ToString("yyyy-MM-ddTHH:mm:sszzz") });
            return 0;
        }));

        admin.Subcommands.Add(createKey);
        admin.Subcommands.Add(listKeys);
        admin.Subcommands.Add(revokeKey);
        admin.Subcommands.Add(reactivateKey);
        admin.Subcommands.Add(grant);
        admin.Subcommands.Add(revokeGrant);
        admin.Subcommands.Add(listGrants);
        admin.Subcommands.Add(MigrateCommand(settings));
        return admin;
    }

    private static Command MigrateCommand(string[] settings)
    {
        var database = new Option<string>("--database") { Description = "Target PostgreSQL connection string (Host=…;Database=…), an empty database", Required = true };
        var artifactStore = new Option<string>("--artifact-store")
        {
            Description = "Target artifact store s3://bucket/prefix (with OpenClue:ObjectStorage configured); omitted, artifacts stay in the data folder",
        };
        var migrate = new Command("migrate",
            "Copy this embedded installation (tenants, keys, grants, every resource and its history, artifacts) into PostgreSQL and S3, " +
            "verifying counts and checksums. The source is only read; stop the server first.") { database, artifactStore };
        migrate.SetAction(async (parse, ct) =>
        {
            var configuration = Host.CreateApplicationBuilder(settings).Configuration;
            var options = configuration.GetSection(OpenClueOptions.Section).Get<OpenClueOptions>() ?? new OpenClueOptions();
            var dataDir = string.IsNullOrWhiteSpace(options.DataDir)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".openclue", "data")
                : Path.GetFullPath(options.DataDir);
            var source = string.IsNullOrWhiteSpace(options.Database) ? $"Data Source={Path.Combine(dataDir, "openclue.db")}" : options.Database;
            if (source.Contains("Host=", StringComparison.OrdinalIgnoreCase))
                return Refuse("The configured database is already PostgreSQL: migrate copies an embedded (SQLite) installation.");
            var sourceFile = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(source).DataSource;
            if (!File.Exists(sourceFile)) return Refuse($"No embedded installation at {sourceFile} (set OpenClue__DataDir to its data folder).");
            var target = parse.GetValue(database)!;
            if (!target.Contains("Host=", StringComparison.OrdinalIgnoreCase)) return Refuse("--database must be a PostgreSQL connection string (Host=…).");

            IArtifactStore? artifacts = null;
            if (parse.GetValue(artifactStore) is { } location)
            {
                if (!S3Uri.IsS3(location)) return Refuse("--artifact-store must be s3://bucket/prefix.");
                if (!options.ObjectStorage.IsConfigured)
                    return Refuse("--artifact-store needs OpenClue:ObjectStorage (Endpoint or Region, AccessKey, SecretKey) for the target S3.");
                artifacts = new S3ArtifactStore(S3ClientFactory.Create(S3Settings.From(options.ObjectStorage)), location);
            }

            try
            {
                await new InstallationMigration(source, Path.Combine(dataDir, "artifacts"), target, artifacts, Print).RunAsync(ct);
            }
            catch (InstallationMigration.MigrationFailedException ex)
            {
                Console.Error.WriteLine($"migrate: {ex.Message} Nothing was committed to the target database.");
                return 1;
            }
            var masterKey = string.IsNullOrWhiteSpace(options.MasterKey) ? Path.Combine(dataDir, "master.key") : "OpenClue:MasterKey";
            Print(new Dictionary<string, object?>
            {
                ["migrated"] = true, ["database"] = "postgresql", ["artifact_store"] = parse.GetValue(artifactStore) ?? "local",
                ["master_key"] = $"give every process OpenClue__MasterKey = the key in {masterKey}",
            });
            if (Directory.Exists(Path.Combine(dataDir, "buckets")) && Directory.EnumerateFileSystemEntries(Path.Combine(dataDir, "buckets")).Any())
                Console.Error.WriteLine($"migrate: local buckets under {Path.Combine(dataDir, "buckets")} were not copied; copy them into S3 buckets of the same names if the new processes use OpenClue:ObjectStorage.");
            return 0;
        });
        return migrate;
    }

    private static async Task<int> WithKeysAsync(string[] settings, Func<KeyManagement, Task<int>> action)
    {
        var builder = Host.CreateApplicationBuilder(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddOpenClueCore(builder.Configuration);
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        await SchemaMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<OpenClueDbContext>());
        try
        {
            return await action(scope.ServiceProvider.GetRequiredService<KeyManagement>());
        }
        catch (ArgumentException ex)
        {
            return Refuse(ex.Message);
        }
    }

    private static void Print(IReadOnlyDictionary<string, object?> value) => Console.WriteLine(JsonSerializer.Serialize(value, Json));

    private static int Refuse(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
