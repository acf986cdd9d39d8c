using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Admin;

/// <summary>
/// <c>admin migrate</c>: copies an embedded installation (the SQLite metadata database and the local artifacts)
/// into PostgreSQL and, optionally, an S3 artifact store. The source is opened read-only and never written. The
/// target database must be empty; its schema is created first. Every table of the source schema is copied in one
/// transaction (generic over columns, so tables added by later migrations come along), each table's row count and
/// an order-independent checksum of its rows are compared on both sides before the commit, and every artifact is
/// read back and its SHA-256 compared. Quartz's job store is not copied: the reconciler of the new processes
/// schedules every pending or running job again (jobs are idempotent), which is the crash-recovery path.
/// </summary>
public sealed class InstallationMigration(string sourceDatabase, string artifactsRoot, string targetDatabase,
    IArtifactStore? targetArtifacts, Action<IReadOnlyDictionary<string, object?>> report)
{
    /// <summary>
    /// Derived tables, kept by the target's own triggers: compared rather than copied, on the rows that mean
    /// something (a count that went back to zero stays as a row in the source only).
    /// </summary>
    private static readonly Dictionary<string, string> DerivedTables = new(StringComparer.Ordinal) { ["job_counts"] = "count <> 0" };
    private static readonly HashSet<string> SkippedTables = new(StringComparer.Ordinal) { "schema_migrations", "sqlite_sequence" };
    private const int BatchSize = 500;

    public sealed class MigrationFailedException(string message) : Exception(message);

    public async Task RunAsync(CancellationToken ct)
    {
        // SQLite creates -wal and -shm files even for a read-only connection, and a WAL left by a crash holds committed
        // rows: reading a private copy of the database and its WAL keeps the source untouched and loses nothing.
        var copy = Directory.CreateTempSubdirectory("openclue-migrate-");
        try
        {
            await RunOnCopyAsync(CopySource(copy.FullName), ct);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            copy.Delete(recursive: true);
        }
    }

    private string CopySource(string folder)
    {
        var builder = new SqliteConnectionStringBuilder(sourceDatabase);
        var copy = Path.Combine(folder, "openclue.db");
        File.Copy(builder.DataSource, copy);
        if (File.Exists(builder.DataSource + "-wal")) File.Copy(builder.DataSource + "-wal", copy + "-wal");
        builder.DataSource = copy;
        builder.Pooling = false;
        return builder.ConnectionString;
    }

    private async Task RunOnCopyAsync(string sourceCopy, CancellationToken ct)
    {
        await using var source = new SqliteConnection(sourceCopy);
        await source.OpenAsync(ct);
        await PrepareTargetAsync(ct);
        await using var target = new NpgsqlConnection(targetDatabase);
        await target.OpenAsync(ct);
        await RequireSameSchemaVersionAsync(source, target, ct);
        await RequireEmptyAsync(target, ct);

        if (targetArtifacts is not null) await CopyArtifactsAsync(ct);

        var tables = await SourceTablesAsync(source, ct);
        await using var tx = await target.BeginTransactionAsync(ct);
        foreach (var table in tables.Where(t => !DerivedTables.ContainsKey(t)))
        {
            var columns = await TargetColumnsAsync(target, tx, table, ct);
            var copied = await CopyTableAsync(source, target, tx, table, columns, ct);
            var stored = await TargetSummaryAsync(target, tx, table, columns, ct);
            if (copied != stored)
                throw new MigrationFailedException($"Table {table}: source {copied.Rows} rows (checksum {copied.Hex}), target {stored.Rows} rows (checksum {stored.Hex}).");
            report(new Dictionary<string, object?> { ["table"] = table, ["rows"] = stored.Rows, ["checksum"] = stored.Hex });
        }
        await AdvanceSequencesAsync(target, tx, ct);
        foreach (var table in tables.Where(DerivedTables.ContainsKey))
        {
            var columns = await TargetColumnsAsync(target, tx, table, ct);
            var expected = await SourceSummaryAsync(source, table, columns, DerivedTables[table], ct);
            var stored = await TargetSummaryAsync(target, tx, table, columns, ct, DerivedTables[table]);
            if (expected != stored)
                throw new MigrationFailedException($"Derived table {table} differs after the copy: source {expected.Rows} rows ({expected.Hex}), target {stored.Rows} rows ({stored.Hex}).");
            report(new Dictionary<string, object?> { ["table"] = table, ["rows"] = stored.Rows, ["checksum"] = stored.Hex, ["derived"] = true });
        }
        await tx.CommitAsync(ct);
    }

    private async Task PrepareTargetAsync(CancellationToken ct)
    {
        var options = new DbContextOptionsBuilder<OpenClueDbContext>().UseNpgsql(targetDatabase).Options;
        await using var db = new OpenClueDbContext(options);
        await SchemaMigrator.MigrateAsync(db, ct);
    }

    private static async Task RequireSameSchemaVersionAsync(SqliteConnection source, NpgsqlConnection target, CancellationToken ct)
    {
        var latest = SchemaMigrator.Scripts(postgres: false).Max(s => s.Version);
        await using var command = source.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        var sourceVersion = Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        if (sourceVersion != latest)
            throw new MigrationFailedException(
                $"The source database is at schema version {sourceVersion}, this server's is {latest}: start the embedded server of this version once (it upgrades the schema), stop it, then migrate.");
        await using var check = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", target);
        var targetVersion = Convert.ToInt32(await check.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
        if (targetVersion != latest)
            throw new MigrationFailedException($"The target database is at schema version {targetVersion}, expected {latest}.");
    }

    private static async Task RequireEmptyAsync(NpgsqlConnection target, CancellationToken ct)
    {
        foreach (var table in new[] { "tenants", "jobs" })
        {
            await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {table})", target);
            if ((bool)(await command.ExecuteScalarAsync(ct))!)
                throw new MigrationFailedException($"The target database is not empty (table {table} has rows): migrate into a new database.");
        }
    }

    private async Task CopyArtifactsAsync(CancellationToken ct)
    {
        long files = 0, bytes = 0;
        if (Directory.Exists(artifactsRoot))
        {
            foreach (var path in Directory.EnumerateFiles(artifactsRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                // Leftovers of interrupted atomic writes (".name.guid.tmp") are not artifacts.
                if (Path.GetFileName(path).StartsWith('.')) continue;
                var key = Path.GetRelativePath(artifactsRoot, path).Replace(Path.DirectorySeparatorChar, '/');
                byte[] written = [];
                var length = await targetArtifacts!.WriteAsync(key, async (destination, token) =>
                {
                    await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                    written = await CopyHashingAsync(file, destination, token);
                }, ct);
                await using (var readBack = targetArtifacts.OpenRead(key))
                {
                    var stored = await SHA256.HashDataAsync(readBack, ct);
                    if (!stored.AsSpan().SequenceEqual(written))
                        throw new MigrationFailedException($"Artifact {key}: SHA-256 of the copy {Convert.ToHexStringLower(stored)} differs from the source's {Convert.ToHexStringLower(written)}.");
                }
                files++;
                bytes += length;
            }
        }
        report(new Dictionary<string, object?> { ["artifacts"] = files, ["bytes"] = bytes, ["verified"] = "sha256" });
    }

    private static async Task<byte[]> CopyHashingAsync(Stream from, Stream to, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await to.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
        return hash.GetHashAndReset();
    }

    /// <summary>The source's tables, parents before the tables that reference them.</summary>
    private static async Task<List<string>> SourceTablesAsync(SqliteConnection source, CancellationToken ct)
    {
        var names = new List<string>();
        await using (var command = source.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                if (!SkippedTables.Contains(reader.GetString(0))) names.Add(reader.GetString(0));
        }
        var parents = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            await using var command = source.CreateCommand();
            command.CommandText = $"SELECT \"table\" FROM pragma_foreign_key_list('{name.Replace("'", "''")}')";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                if (reader.GetString(0) != name) set.Add(reader.GetString(0));
            parents[name] = set;
        }
        var ordered = new List<string>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < names.Count)
        {
            var next = names.FirstOrDefault(n => !placed.Contains(n) && parents[n].All(p => placed.Contains(p) || !parents.ContainsKey(p)))
                       ?? throw new MigrationFailedException("The source tables reference each other in a cycle.");
            ordered.Add(next);
            placed.Add(next);
        }
        return ordered;
    }

    private sealed record Column(string Name, string Type);

    private static async Task<List<Column>> TargetColumnsAsync(NpgsqlConnection target, NpgsqlTransaction tx, string table, CancellationToken ct)
    {
        var columns = new List<Column>();
        await using var command = new NpgsqlCommand(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @t ORDER BY ordinal_position",
            target, tx);
        command.Parameters.AddWithValue("t", table);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) columns.Add(new Column(reader.GetString(0), reader.GetString(1)));
        if (columns.Count == 0) throw new MigrationFailedException($"The target database has no table {table}.");
        return columns;
    }

    private static async Task<List<string>> SourceColumnNamesAsync(SqliteConnection source, string table, CancellationToken ct)
    {
        var names = new List<string>();
        await using var command = source.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table.Replace("'", "''")}')";
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));
        return names;
    }

    private static async Task<TableSummary> CopyTableAsync(SqliteConnection source, NpgsqlConnection target, NpgsqlTransaction tx,
        string table, List<Column> targetColumns, CancellationToken ct)
    {
        var sourceNames = await SourceColumnNamesAsync(source, table, ct);
        var byName = targetColumns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var missing = sourceNames.Where(n => !byName.ContainsKey(n)).ToList();
        if (missing.Count > 0) throw new MigrationFailedException($"Table {table}: the target has no column {string.Join(", ", missing)}.");
        var columns = sourceNames.Select(n => byName[n]).ToList();

        var insert = $"INSERT INTO {Quote(table)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$" + (i + 1)))})";
        var summary = new TableSummary.Builder();
        await using var read = source.CreateCommand();
        read.CommandText = $"SELECT {string.Join(", ", columns.Select(c => Quote(c.Name)))} FROM {Quote(table)}";
        await using var reader = await read.ExecuteReaderAsync(ct);
        var batch = new NpgsqlBatch(target, tx);
        try
        {
            var values = new object?[columns.Count];
            while (await reader.ReadAsync(ct))
            {
                var command = new NpgsqlBatchCommand(insert);
                for (var i = 0; i < columns.Count; i++)
                {
                    values[i] = ToTarget(reader.IsDBNull(i) ? null : reader.GetValue(i), columns[i], table);
                    command.Parameters.Add(Parameter(values[i], columns[i]));
                }
                summary.Add(columns, values);
                batch.BatchCommands.Add(command);
                if (batch.BatchCommands.Count == BatchSize)
                {
                    await batch.ExecuteNonQueryAsync(ct);
                    await batch.DisposeAsync();
                    batch = new NpgsqlBatch(target, tx);
                }
            }
            if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            await batch.DisposeAsync();
        }
        return summary.Build();
    }

    private static async Task<TableSummary> SourceSummaryAsync(SqliteConnection source, string table, List<Column> columns,
        string filter, CancellationToken ct)
    {
        var summary = new TableSummary.Builder();
        await using var read = source.CreateCommand();
        read.CommandText = $"SELECT {string.Join(", ", columns.Select(c => Quote(c.Name)))} FROM {Quote(table)} WHERE {filter}";
        await using var reader = await read.ExecuteReaderAsync(ct);
        var values = new object?[columns.Count];
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < columns.Count; i++) values[i] = ToTarget(reader.IsDBNull(i) ? null : reader.GetValue(i), columns[i], table);
            summary.Add(columns, values);
        }
        return summary.Build();
    }

    private static async Task<TableSummary> TargetSummaryAsync(NpgsqlConnection target, NpgsqlTransaction tx, string table,
        List<Column> columns, CancellationToken ct, string filter = "TRUE")
    {
        var summary = new TableSummary.Builder();
        await using var read = new NpgsqlCommand($"SELECT {string.Join(", ", columns.Select(c => Quote(c.Name)))} FROM {Quote(table)} WHERE {filter}", target, tx);
        await using var reader = await read.ExecuteReaderAsync(ct);
        var values = new object?[columns.Count];
        while (await reader.ReadAsync(ct))
        {
            for (var i = 0; i < columns.Count; i++) values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            summary.Add(columns, values);
        }
        return summary.Build();
    }

    /// <summary>Serial columns continue after the copied values (jobs.seq orders every list).</summary>
    private static async Task AdvanceSequencesAsync(NpgsqlConnection target, NpgsqlTransaction tx, CancellationToken ct)
    {
        var serials = new List<(string Table, string Column)>();
        await using (var command = new NpgsqlCommand(
                         "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'",
                         target, tx))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) serials.Add((reader.GetString(0), reader.GetString(1)));
        foreach (var (table, column) in serials)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT setval(pg_get_serial_sequence(@t, @c), COALESCE((SELECT MAX({Quote(column)}) FROM {Quote(table)}), 0) + 1, false)", target, tx);
            command.Parameters.AddWithValue("t", table);
            command.Parameters.AddWithValue("c", column);
            await command.ExecuteScalarAsync(ct);
        }
    }

    /// <summary>A SQLite value as the PostgreSQL column stores it (timestamps in UTC at microsecond precision).</summary>
    private static object? ToTarget(object? value, Column column, string table)
    {
        if (value is null) return null;
        return column.Type switch
        {
            "text" or "character varying" => Convert.ToString(value, CultureInfo.InvariantCulture),
            "integer" => Convert.ToInt32(value, CultureInfo.InvariantCulture),
            "bigint" => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            "smallint" => Convert.ToInt16(value, CultureInfo.InvariantCulture),
            "double precision" => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            "real" => Convert.ToSingle(value, CultureInfo.InvariantCulture),
            "boolean" => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
            "bytea" => (byte[])value,
            "jsonb" or "json" => Convert.ToString(value, CultureInfo.InvariantCulture),
            "timestamp with time zone" => Timestamp(value, column, table),
            _ => throw new MigrationFailedException($"Table {table}, column {column.Name}: type {column.Type} is not supported by migrate."),
        };
    }

    private static DateTime Timestamp(object value, Column column, string table)
    {
        var text = Convert.ToString(value, CultureInfo.InvariantCulture)!;
        if (!StoredValues.TryParseSqliteText(text, out var parsed) &&
            !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed))
            throw new MigrationFailedException($"Table {table}, column {column.Name}: '{text}' is not a timestamp.");
        var utc = parsed.UtcDateTime;
        return new DateTime(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc); // PostgreSQL keeps microseconds
    }

    private static NpgsqlParameter Parameter(object? value, Column column) => column.Type switch
    {
        "jsonb" => new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb },
        "json" => new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Json },
        "timestamp with time zone" => new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
        "bytea" => new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea },
        _ => new NpgsqlParameter { Value = value ?? DBNull.Value },
    };

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>Row count and the lane-wise sum of each row's SHA-256: equal whatever order the rows come in.</summary>
    private readonly record struct TableSummary(long Rows, string Hex)
    {
        public sealed class Builder
        {
            private readonly ulong[] _sum = new ulong[4];
            private readonly StringBuilder _row = new();
            private long _rows;

            public void Add(List<Column> columns, object?[] values)
            {
                _row.Clear();
                for (var i = 0; i < columns.Count; i++) AppendCanonical(_row.Append('\u001f'), values[i]);
                Span<byte> hash = stackalloc byte[32];
                SHA256.HashData(Encoding.UTF8.GetBytes(_row.ToString()), hash);
                for (var i = 0; i < 4; i++) _sum[i] = unchecked(_sum[i] + BinaryPrimitives.ReadUInt64BigEndian(hash.Slice(i * 8, 8)));
                _rows++;
            }

            public TableSummary Build() => new(_rows, string.Concat(_sum.Select(p => p.ToString("x16", CultureInfo.InvariantCulture))));

            private static void AppendCanonical(StringBuilder row, object? value)
            {
                switch (value)
                {
                    case null: row.Append('n'); break;
                    case string s: row.Append("s:").Append(s); break;
                    case short or int or long: row.Append("i:").Append(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
                    case float f: row.Append("d:").Append(((double)f).ToString("R", CultureInfo.InvariantCulture)); break;
                    case double d: row.Append("d:").Append(d.ToString("R", CultureInfo.InvariantCulture)); break;
                    case bool b: row.Append("b:").Append(b ? '1' : '0'); break;
                    case byte[] bytes: row.Append("x:").Append(Convert.ToBase64String(bytes)); break;
                    case DateTime t: row.Append("t:").Append(t.ToUniversalTime().Ticks); break;
                    case DateTimeOffset t: row.Append("t:").Append(t.UtcTicks); break;
                    default: row.Append("?:").Append(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
                }
            }
        }
    }
}
