using System.Data.Common;
using OpenClue.Server.Platform.Persistence;
using static OpenClue.Server.Platform.Persistence.StoredValues;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// The SQL of one job-backed resource table: its job's columns (ordinals 0–8), the resource's own columns from
/// ordinal 9, then, when the resource names an NCLUE model (<c>modelColumn</c>), whether that model is deprecated.
/// </summary>
public sealed class ResourceTable<T> where T : class, IJobResource
{
    private const string JobColumns = "j.id, j.status, j.created_at, j.started_at, j.completed_at, j.fail_message, j.fail_details, j.progress, j.progress_detail";
    private const int FirstOwnColumn = 9;

    private readonly Func<DbDataReader, int, ResourceKey, T> _read;
    private readonly int? _deprecatedOrdinal;
    private readonly Dictionary<ListOrder, string> _orderedPageSql = [];

    /// <param name="kind">The job kind of the resource.</param>
    /// <param name="noun">What one resource is called in messages ("task run").</param>
    /// <param name="table">The resource table, whose <c>id</c> is its job's id.</param>
    /// <param name="columns">The resource's own columns, in the order <paramref name="read"/> takes them.</param>
    /// <param name="read">Builds the resource from the reader, its first own column at the given ordinal.</param>
    /// <param name="modelColumn">The column naming the resource's NCLUE model, if it has one.</param>
    /// <param name="sortable">Extra sort keys of the console's lists (key → SQL expression over <c>r.</c>/<c>j.</c>) beyond created and name.</param>
    public ResourceTable(string kind, string noun, string table, string[] columns, Func<DbDataReader, int, ResourceKey, T> read,
        string? modelColumn = null, IReadOnlyDictionary<string, string>? sortable = null)
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

        // Other orders: by name walks the UNIQUE (tenant_id, name) index; a table's extra keys sort one tenant's rows (newest
        // first on ties), so they are only offered where a tenant has few rows (no status order: 10,000 features took >100 ms).
        var keys = new Dictionary<string, string> { [ListOrder.Name] = "r.name" };
        foreach (var (key, expression) in sortable ?? new Dictionary<string, string>()) keys[key] = expression;
        foreach (var descending in new[] { false, true })
        {
            _orderedPageSql[new ListOrder(ListOrder.Created, descending)] = descending ? PageSql :
                $"{select} FROM jobs j JOIN {table} r ON r.id = j.id WHERE j.tenant_id = @p0 AND j.kind = @p1 " +
                "ORDER BY j.seq ASC LIMIT CAST(@p2 AS INTEGER) OFFSET @p3";
            foreach (var (key, expression) in keys)
                _orderedPageSql[new ListOrder(key, descending)] =
                    $"{select} FROM {table} r JOIN jobs j ON j.id = r.id WHERE r.tenant_id = @p0 AND j.kind = @p1 " +
                    $"ORDER BY {expression} {(descending ? "DESC" : "ASC")}, j.seq DESC LIMIT CAST(@p2 AS INTEGER) OFFSET @p3";
        }
        Orders = _orderedPageSql.Keys.Select(o => o.Key).Distinct().ToArray();
    }

    /// <summary>The sort keys this table's lists accept.</summary>
    public IReadOnlyList<string> Orders { get; }

    internal string PageSqlFor(ListOrder order) =>
        _orderedPageSql.TryGetValue(order, out var sql) ? sql : throw new ArgumentOutOfRangeException(nameof(order), order, "Not a sort key of this list.");

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
            Progress = reader.IsDBNull(7) ? null : reader.GetInt32(7), ProgressDetail = String(reader, 8),
        };
        var resource = _read(reader, FirstOwnColumn, new ResourceKey(id, tenantId));
        return new Listed<T>(resource, job, _deprecatedOrdinal is { } ordinal && reader.GetBoolean(ordinal));
    }
}
