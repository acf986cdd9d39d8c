using System.Text.Json;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Persistence;
using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Platform.Admin;

/// <summary>
/// <c>admin create-key --tenant T | list-keys | revoke-key KEY | reactivate-key KEY | grant --tenant T --bucket B | revoke-grant --tenant T --bucket B</c>.
/// Works on the same data folder and database as the server (D23); output is JSON lines for scripts.
/// </summary>
public static class AdminCommand
{
    private const string Usage =
        "usage: admin create-key --tenant NAME | list-keys | revoke-key ACCESS_KEY | reactivate-key ACCESS_KEY | grant --tenant NAME --bucket BUCKET | revoke-grant --tenant NAME --bucket BUCKET";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0) return Fail(Usage);
        var builder = Host.CreateApplicationBuilder(args.Where(a => a.StartsWith("--OpenClue", StringComparison.Ordinal)).ToArray());
        builder.Logging.ClearProviders();
        builder.Services.AddOpenClueCore(builder.Configuration);
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        await SchemaMigrator.MigrateAsync(scope.ServiceProvider.GetRequiredService<OpenClueDbContext>());
        var keys = scope.ServiceProvider.GetRequiredService<KeyManagement>();
        try
        {
            switch (args[0])
            {
                case "create-key":
                {
                    var created = await keys.CreateKeyAsync(Option(args, "--tenant"));
                    Print(new Dictionary<string, string> { ["tenant"] = created.Tenant, ["access_key"] = created.AccessKey, ["secret_key"] = created.SecretKey });
                    return 0;
                }
                case "list-keys":
                    foreach (var key in await keys.ListKeysAsync())
                        Print(new Dictionary<string, object?>
                        {
                            ["tenant"] = key.Tenant, ["access_key"] = key.AccessKey, ["created_at"] = key.CreatedAt.ToString("yyyy-MM-ddTHH:mm:sszzz"),
                            ["revoked_at"] = key.RevokedAt?.ToString("yyyy-MM-ddTHH:mm:sszzz"), ["active"] = key.RevokedAt is null,
                        });
                    return 0;
                case "revoke-key":
                    if (args.Length < 2) return Fail(Usage);
                    if (!await keys.RevokeKeyAsync(args[1])) return Fail($"No access key {args[1]}.");
                    Print(new Dictionary<string, object> { ["access_key"] = args[1], ["revoked"] = true });
                    return 0;
                case "reactivate-key": // the one way back for a revoked key, the bootstrap key included
                    if (args.Length < 2) return Fail(Usage);
                    if (!await keys.ReactivateKeyAsync(args[1])) return Fail($"No access key {args[1]}.");
                    Print(new Dictionary<string, object> { ["access_key"] = args[1], ["revoked"] = false });
                    return 0;
                case "grant":
                {
                    var (tenant, bucket) = (Option(args, "--tenant"), Option(args, "--bucket"));
                    if (!Storage.PathRules.IsValidBucketName(bucket)) return Fail($"'{bucket}' is not a valid bucket name.");
                    await keys.GrantAsync(tenant, bucket);
                    Print(new Dictionary<string, object> { ["tenant"] = tenant, ["bucket"] = bucket, ["granted"] = true });
                    return 0;
                }
                case "revoke-grant":
                {
                    var (tenant, bucket) = (Option(args, "--tenant"), Option(args, "--bucket"));
                    if (!await keys.RevokeGrantAsync(tenant, bucket)) return Fail($"Tenant {tenant} has no grant on bucket {bucket}.");
                    Print(new Dictionary<string, object> { ["tenant"] = tenant, ["bucket"] = bucket, ["granted"] = false });
                    return 0;
                }
                default:
                    return Fail(Usage);
            }
        }
        catch (ArgumentException ex)
        {
            return Fail(ex.Message);
        }
    }

    private static string Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        if (at < 0 || at + 1 >= args.Length) throw new ArgumentException($"{name} is required. {Usage}");
        return args[at + 1];
    }

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static void Print(object value) => Console.WriteLine(JsonSerializer.Serialize(value, Json));

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
