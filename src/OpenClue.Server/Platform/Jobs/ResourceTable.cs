using System.Data.Common;
using OpenClue.Server.Platform.Persistence;
using static OpenClue.Server.Platform.Persistence.StoredValues;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// The SQL of one job-backed resource table: its job's columns (ordinals 0–6), the resource's own columns from
/// ordinal 6, then, when the resource names an NCLUE model (<c>modelColumn</c>), whether that model is deprecated.
/// </summary>
public sealed class ResourceTable<T> where T : class, IJobResource
{
    private const string JobColumns = "j.id, j.status, j.created_at, j.started_at, j.completed_at, j.fail_message, j.fail_details";
    private const int FirstOwnColumn = 7;

    private readonly Func<DbDataReader, int, ResourceKey, T> _read;
    private readonly int? _deprecatedOrdinal;

    /// <param name="kind">The job kind of the resource.</param>
    /// <param name="noun">What one resource is called in messages ("task run").</param>
    /// <param name="table">The resource table, whose <c>id</c> is its job's id.</param>
    /// <param name="columns">The resource's own columns, in the order <paramref name="read"/> takes them.</param>
    /// <param name="read">Builds the resource from the reader, its first own column at the given ordinal.</param>
    /// <param name="modelColumn">The column naming the resource's NCLUE model, if it has one.</param>
    public ResourceTable(string kind, string noun, string table, string[] columns, Func<DbDataReader, int, ResourceKey, T> read,
        string? modelColumn = null)
    {
        Kind = kind;
        Noun = noun;
        _read = read;
        var select = $"SELECT {JobColumns}, {string.Join(", ", columns.Select(c => "r." + c))}";
        if (modelColumn is not null)
        {
            _deprecatedOrdinal = FirstOwnColumn + columns.Length;
            select += ", EXISTS (SELECT 1 FROM models m WHERE m.tenant_id = r.tenant_id AND m.name = r." + modelColumn +
                      " AND m.deprecated_at IS NOT NULL)";
        }
        // A bare bound LIMIT makes SQLite re-plan the statement whenever it is rebound; an expression does not.
        PageSql = $"{select} FROM jobs j JOIN {table} r ON r.id = j.id WHERE j.tenant_id = @p0 AND j.kind = @p1 " +
                  "ORDER BY j.seq DESC LIMIT CAST(@p2 AS INTEGER) OFFSET @p3";
        FindSql = $"{select} FROM {table} r JOIN jobs j ON j.id = r.id WHERE r.id = @p0 AND r.tenant_id = @p1";
    }

    public string Kind { get; }
    public string Noun { get; }
    internal string PageSql { get; }
    internal string FindSql { get; }

    internal Listed<T> ReadListed(DbDataReader reader, string tenantId)
    {
        var id = reader.GetString(0);
        var job = new JobRecord
        {
            Id = id, TenantId = tenantId, Kind = Kind, Status = reader.GetString(1),
            CreatedAt = Timestamp(reader, 2)!.Value, StartedAt = Timestamp(reader, 3), CompletedAt = Timestamp(reader, 4),
            FailMessage = String(reader, 5), FailDetails = String(reader, 6),
        };
        var resource = _read(reader, FirstOwnColumn, new ResourceKey(id, tenantId));
        return new Listed<T>(resource, job, _deprecatedOrdinal is { } ordinal && reader.GetBoolean(ordinal));
    }
}
