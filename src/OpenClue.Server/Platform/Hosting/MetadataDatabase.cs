using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpenClue.Server.Platform.Hosting;

/// <summary>
/// The metadata database of D23: <c>Data Source=…</c> is SQLite (the embedded default, <c>{DataDir}/openclue.db</c>),
/// <c>Host=…</c> is PostgreSQL (scale-out; Quartz then keeps its tables in the same database).
/// </summary>
public sealed record MetadataDatabase(string ConnectionString, bool IsPostgres)
{
    public static MetadataDatabase From(OpenClueOptions options, DataDirectory data)
    {
        if (string.IsNullOrWhiteSpace(options.Database)) DataDirectory.MakePrivateDatabase(data.MetadataDatabase);
        var connection = string.IsNullOrWhiteSpace(options.Database) ? $"Data Source={data.MetadataDatabase}" : options.Database.Trim();
        if (connection.Contains("Host=", StringComparison.OrdinalIgnoreCase)) return new MetadataDatabase(connection, true);
        // Busy timeout so concurrent writers wait for SQLite's lock instead of failing at once.
        if (!connection.Contains("Default Timeout", StringComparison.OrdinalIgnoreCase)) connection = connection.TrimEnd(';') + ";Default Timeout=30";
        return new MetadataDatabase(connection, false);
    }

    public void Configure(DbContextOptionsBuilder builder)
    {
        if (IsPostgres) builder.UseNpgsql(ConnectionString);
        else builder.UseSqlite(ConnectionString);
        // A failed save is an exception the caller handles (a duplicate name is a 409) or logs itself; EF's own
        // error-level copy with a stack trace would turn every lost race into an alarm.
        builder.ConfigureWarnings(w => w.Log((CoreEventId.SaveChangesFailed, LogLevel.Debug), (RelationalEventId.CommandError, LogLevel.Debug)));
    }
}
