using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpenClue.Server.Platform.Hosting;

namespace OpenClue.Server.Platform.Persistence;

/// <summary>
/// Connections for the hot read queries (lists and single GETs), used without EF Core: each request rents one, runs
/// fixed SQL and gives it back. SQLite re-parses and re-plans SQL for every new command, which cost more than the
/// query itself; so SQLite connections stay open in a small idle stack with their commands prepared once. PostgreSQL
/// connections come from Npgsql's own pool, where a statement prepared once stays prepared on the physical connection.
/// Only reads go through here: nothing is cached but statements, so every read sees the latest committed data.
/// </summary>
public sealed class ReadConnections(MetadataDatabase database) : IDisposable
{
    /// <summary>Idle SQLite connections kept; more may be open at once under load, the surplus is closed.</summary>
    private const int MaxIdle = 16;

    private readonly ConcurrentStack<ReadSession> _idle = new();
    private readonly NpgsqlDataSource? _postgres = database.IsPostgres ? NpgsqlDataSource.Create(database.ConnectionString) : null;

    public async ValueTask<ReadSession> OpenAsync(CancellationToken ct)
    {
        if (_idle.TryPop(out var idle)) return idle;
        DbConnection connection = _postgres is not null ? _postgres.CreateConnection() : new SqliteConnection(database.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return new ReadSession(this, connection, pooledHere: _postgres is null);
    }

    internal void Return(ReadSession session, bool healthy)
    {
        if (healthy && session.PooledHere && _idle.Count < MaxIdle) _idle.Push(session);
        else session.Close(); // PostgreSQL: back to Npgsql's pool
    }

    public void Dispose()
    {
        while (_idle.TryPop(out var session)) session.Close();
        _postgres?.Dispose();
    }
}

/// <summary>
/// One rented connection. Dispose it when done; call <see cref="Complete"/> first after a successful read so a
/// connection that failed half-way is closed instead of reused.
/// </summary>
public sealed class ReadSession : IAsyncDisposable
{
    private readonly ReadConnections _owner;
    private readonly DbConnection _connection;
    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);
    private bool _completed;

    internal ReadSession(ReadConnections owner, DbConnection connection, bool pooledHere)
    {
        _owner = owner;
        _connection = connection;
        PooledHere = pooledHere;
    }

    /// <summary>SQLite: kept open by <see cref="ReadConnections"/> with its commands (and their statements) reused.</summary>
    internal bool PooledHere { get; }

    /// <summary>Runs <paramref name="sql"/> (parameters <c>@p0</c>, <c>@p1</c>, … in order) and returns its reader.</summary>
    public Task<DbDataReader> ReadAsync(string sql, CancellationToken ct, params ReadOnlySpan<object> args)
    {
        var command = Command(sql, args.Length);
        for (var i = 0; i < args.Length; i++) command.Parameters[i].Value = args[i];
        return ExecuteAsync(command, ct);
    }

    private async Task<DbDataReader> ExecuteAsync(DbCommand command, CancellationToken ct)
    {
        // Npgsql: preparing SQL this physical connection has prepared before is a lookup.
        if (!PooledHere) await command.PrepareAsync(ct);
        return await command.ExecuteReaderAsync(System.Data.CommandBehavior.Default, ct);
    }

    private DbCommand Command(string sql, int parameterCount)
    {
        if (_commands.TryGetValue(sql, out var cached)) return cached;
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameterCount; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = ParameterNames[i];
            command.Parameters.Add(parameter);
        }
        // Microsoft.Data.Sqlite finalizes the statements of an unprepared command after each run; prepared ones are
        // only reset, so the SQL is parsed and planned once per connection.
        if (PooledHere) command.Prepare();
        _commands.Add(sql, command);
        return command;
    }

    private static readonly string[] ParameterNames = ["@p0", "@p1", "@p2", "@p3", "@p4", "@p5", "@p6", "@p7"];

    public void Complete() => _completed = true;

    public ValueTask DisposeAsync()
    {
        _owner.Return(this, _completed);
        return ValueTask.CompletedTask;
    }

    internal void Close()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _connection.Dispose();
    }
}
