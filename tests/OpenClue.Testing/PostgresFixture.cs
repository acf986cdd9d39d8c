using Npgsql;

namespace OpenClue.Testing;

/// <summary>
/// A throwaway PostgreSQL (15 where installed) on a free loopback port, shared by a test collection:
/// the cluster lives in a fresh 755 temp folder owned by <c>postgres</c> (initdb and pg_ctl run through
/// <c>su postgres</c> when we are root), trust authentication, its socket in that folder. Databases are created on
/// demand. Stopped with <c>pg_ctl -m fast stop</c> and deleted on dispose.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private string _bin = "";
    private bool _started;

    /// <summary>Why the component is unavailable (tests are skipped); null when it runs.</summary>
    public string? Unavailable { get; private set; }
    public string Folder { get; private set; } = "";
    public int Port { get; private set; }
    private string DataFolder => Path.Combine(Folder, "data");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = true,
        }.ConnectionString;

    public async Task InitializeAsync()
    {
        Unavailable = ComponentEnvironment.CheckAvailable(Component.Postgres);
        if (Unavailable is not null) return;
        _bin = ComponentEnvironment.PostgresBin()!;
        Folder = ProcessRunner.TraversableTempDirectory("openclue-pg");
        if (ComponentEnvironment.IsRoot)
            (await ProcessRunner.RunAsync("chown", ["postgres:postgres", Folder], CommandTimeout)).EnsureSuccess("chown postgres");

        var q = ProcessRunner.Quote;
        (await ProcessRunner.RunAsPostgresAsync(
            $"{q(Path.Combine(_bin, "initdb"))} -D {q(DataFolder)} -U postgres --auth=trust -E UTF8 --locale=C.UTF-8",
            CommandTimeout)).EnsureSuccess("initdb");

        // A port can be taken between choosing and binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = ProcessRunner.FreePort();
            var start = await ProcessRunner.RunAsPostgresAsync(
                $"{q(Path.Combine(_bin, "pg_ctl"))} -D {q(DataFolder)} -l {q(Path.Combine(Folder, "server.log"))} " +
                $"-o {q($"-c listen_addresses=127.0.0.1 -p {Port} -k {Folder}")} -w -t 60 start", CommandTimeout);
            if (start.ExitCode == 0) break;
            if (attempt == 3) start.EnsureSuccess($"pg_ctl start (log: {ReadLog()})");
        }
        _started = true;
    }

    /// <summary>Creates a database (a fresh name when none is given) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        if (Unavailable is not null) throw new InvalidOperationException($"PostgreSQL is not running: {Unavailable}");
        name ??= "db_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"create database \"{name.Replace("\"", "\"\"")}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private string ReadLog()
    {
        var log = Path.Combine(Folder, "server.log");
        try { return File.Exists(log) ? File.ReadAllText(log) : "(no log)"; } catch (IOException) { return "(unreadable)"; }
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
            await ProcessRunner.RunAsPostgresAsync(
                $"{ProcessRunner.Quote(Path.Combine(_bin, "pg_ctl"))} -D {ProcessRunner.Quote(DataFolder)} -m fast -w stop", CommandTimeout);
        if (Folder.Length > 0)
            try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
