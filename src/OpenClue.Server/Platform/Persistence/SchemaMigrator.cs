using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace OpenClue.Server.Platform.Persistence;

/// <summary>
/// Applies the versioned SQL scripts embedded under <c>Persistence/Migrations/{Sqlite|Postgres}</c>, in order,
/// each once, recording them in <c>schema_migrations</c>. Chosen over EF migrations because plain SQL per provider
/// is what an operator can read and review, and both providers' scripts stay side by side under one version.
/// Concurrent starts are safe: SQLite takes a write lock (BEGIN IMMEDIATE), PostgreSQL an advisory lock.
/// </summary>
public static class SchemaMigrator
{
    private const long PostgresLockKey = 0x4F70656E436C7565; // "OpenClue"

    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts(bool postgres)
    {
        var folder = postgres ? ".Postgres." : ".Sqlite.";
        var assembly = typeof(SchemaMigrator).Assembly;
        var list = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var at = resource.IndexOf(folder, StringComparison.Ordinal);
            if (at < 0 || !resource.EndsWith(".sql", StringComparison.Ordinal)) continue;
            var name = resource[(at + folder.Length)..^4];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_')));
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            list.Add((version, name, reader.ReadToEnd()));
        }
        list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return list;
    }

    public static async Task MigrateAsync(OpenClueDbContext db, CancellationToken ct = default)
    {
        var postgres = db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync(ct);
        try
        {
            if (!postgres) await ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", ct);
            await using var tx = postgres
                ? await connection.BeginTransactionAsync(ct)
                : await BeginImmediateAsync(connection, ct);
            if (postgres) await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({PostgresLockKey});", ct);
            await ExecuteAsync(connection, tx,
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);", ct);
            var applied = new HashSet<int>();
            await using (var cmd = connection.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "SELECT version FROM schema_migrations";
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct)) applied.Add(r.GetInt32(0));
            }
            foreach (var (version, name, sql) in Scripts(postgres))
            {
                if (applied.Contains(version)) continue;
                await ExecuteAsync(connection, tx, sql, ct);
                await using var cmd = connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)";
                AddParameter(cmd, "@v", version);
                AddParameter(cmd, "@n", name);
                AddParameter(cmd, "@t", DateTimeOffset.UtcNow.ToString("O"));
                await cmd.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        finally
        {
            await connection.CloseAsync();
        }
    }

    private static async Task<DbTransaction> BeginImmediateAsync(DbConnection connection, CancellationToken ct)
    {
        // Microsoft.Data.Sqlite starts deferred transactions; a non-deferred one takes the write lock at once.
        var sqlite = (Microsoft.Data.Sqlite.SqliteConnection)connection;
        return await Task.FromResult<DbTransaction>(sqlite.BeginTransaction(deferred: false));
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
