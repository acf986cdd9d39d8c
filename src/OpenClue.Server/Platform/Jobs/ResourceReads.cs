using System.Data.Common;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Persistence;
using static OpenClue.Server.Platform.Persistence.StoredValues;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// The hot reads of job-backed resources — list pages (D4), totals and single GETs — as fixed SQL on
/// <see cref="ReadConnections"/> instead of EF Core (whose per-query overhead and SQLite's per-command re-planning
/// were most of a list request). Nothing is cached: every call reads committed rows, so it is exact across processes.
/// </summary>
public sealed class ResourceReads(ReadConnections connections)
{
    private const string CountSql = "SELECT \"count\" FROM job_counts WHERE tenant_id = @p0 AND kind = @p1";

    /// <summary>
    /// One page of a tenant's resources, newest first by creation order (D4), and how many there are. The total is
    /// the trigger-kept <c>job_counts</c> row (one primary-key read); the page walks <c>jobs</c> through its
    /// (tenant_id, kind, seq) index, joined to its resources and their model's deprecation, so no request counts,
    /// joins or sorts the whole list.
    /// </summary>
    public async Task<(int Total, List<Listed<T>> Page)> PageAsync<T>(ResourceTable<T> table, Tenant tenant, Paging paging,
        CancellationToken ct) where T : class, IModelBoundResource
    {
        await using var session = await connections.OpenAsync(ct);
        var total = await CountAsync(session, table.Kind, tenant, ct);
        var page = new List<Listed<T>>(Math.Clamp(total - paging.Index, 0, paging.Limit));
        if (paging.Index < total)
        {
            await using var reader = await session.ReadAsync(table.PageSql, ct, tenant.Id, table.Kind, paging.Limit, paging.Index);
            while (await reader.ReadAsync(ct)) page.Add(table.ReadListed(reader, tenant.Id));
        }
        session.Complete();
        return (total, page);
    }

    /// <summary>A resource of this tenant with its job and model status (another tenant's id is not found, D7).</summary>
    public async Task<Listed<T>?> FindAsync<T>(ResourceTable<T> table, Tenant tenant, string id, CancellationToken ct)
        where T : class, IModelBoundResource
    {
        await using var session = await connections.OpenAsync(ct);
        Listed<T>? found = null;
        await using (var reader = await session.ReadAsync(table.FindSql, ct, id, tenant.Id))
            if (await reader.ReadAsync(ct)) found = table.ReadListed(reader, tenant.Id);
        session.Complete();
        return found;
    }

    /// <summary>How many resources of a kind a tenant has (D4 <c>total</c>).</summary>
    public async Task<int> CountAsync(string kind, Tenant tenant, CancellationToken ct)
    {
        await using var session = await connections.OpenAsync(ct);
        var total = await CountAsync(session, kind, tenant, ct);
        session.Complete();
        return total;
    }

    private static async Task<int> CountAsync(ReadSession session, string kind, Tenant tenant, CancellationToken ct)
    {
        await using var reader = await session.ReadAsync(CountSql, ct, tenant.Id, kind);
        return await reader.ReadAsync(ct) ? (int)Math.Min(int.MaxValue, reader.GetInt64(0)) : 0;
    }
}

/// <summary>A resource as lists and single GETs show it: with its job and whether its NCLUE model is deprecated (D13).</summary>
public sealed record Listed<T>(T Resource, JobRecord Job, bool ModelDeprecated) where T : class
{
    public string ModelStatus => ModelDeprecated ? ModelCatalog.Deprecated : ModelCatalog.Active;
}

/// <summary>
/// The SQL of one resource table: its job's columns (ordinals 0–5), the resource's own columns from ordinal 6, then
/// whether its model is deprecated (last).
/// </summary>
public sealed class ResourceTable<T> where T : class, IModelBoundResource
{
    private const string JobColumns = "j.id, j.status, j.created_at, j.started_at, j.completed_at, j.fail_message";
    private const int FirstOwnColumn = 6;
    private const string ModelDeprecated =
        "EXISTS (SELECT 1 FROM models m WHERE m.tenant_id = r.tenant_id AND m.name = r.nclue_model_name AND m.deprecated_at IS NOT NULL)";

    private readonly Func<DbDataReader, int, Identity, T> _read;
    private readonly int _deprecatedOrdinal;

    public ResourceTable(string kind, string table, string[] columns, Func<DbDataReader, int, Identity, T> read)
    {
        Kind = kind;
        _read = read;
        _deprecatedOrdinal = FirstOwnColumn + columns.Length;
        var select = $"SELECT {JobColumns}, {string.Join(", ", columns.Select(c => "r." + c))}, {ModelDeprecated}";
        // A bare bound LIMIT makes SQLite re-plan the statement whenever it is rebound; an expression does not.
        PageSql = $"{select} FROM jobs j JOIN {table} r ON r.id = j.id WHERE j.tenant_id = @p0 AND j.kind = @p1 " +
                  "ORDER BY j.seq DESC LIMIT CAST(@p2 AS INTEGER) OFFSET @p3";
        FindSql = $"{select} FROM {table} r JOIN jobs j ON j.id = r.id WHERE r.id = @p0 AND r.tenant_id = @p1";
    }

    public string Kind { get; }
    internal string PageSql { get; }
    internal string FindSql { get; }

    internal Listed<T> ReadListed(DbDataReader reader, string tenantId)
    {
        var id = reader.GetString(0);
        var job = new JobRecord
        {
            Id = id, TenantId = tenantId, Kind = Kind, Status = reader.GetString(1),
            CreatedAt = Timestamp(reader, 2)!.Value, StartedAt = Timestamp(reader, 3), CompletedAt = Timestamp(reader, 4),
            FailMessage = String(reader, 5),
        };
        var resource = _read(reader, FirstOwnColumn, new Identity(id, tenantId));
        return new Listed<T>(resource, job, reader.GetBoolean(_deprecatedOrdinal));
    }
}

/// <summary>A resource's id and tenant: known from its job row and the query, so not read twice.</summary>
public readonly record struct Identity(string Id, string TenantId);

/// <summary>The tables of the resources lists and single GETs read; each reader takes its columns in the listed order.</summary>
public static class ResourceTables
{
    public static readonly ResourceTable<FeatureRecord> Features = new(JobKinds.Feature, "features",
        ["name", "source_bucket", "source_file_path", "nclue_model_name", "user_count", "token_count", "disk_usage"],
        static (r, c, key) => new FeatureRecord
        {
            Id = key.Id, TenantId = key.TenantId, Name = r.GetString(c), SourceBucket = r.GetString(c + 1),
            SourceFilePath = r.GetString(c + 2), ModelName = r.GetString(c + 3), UserCount = Int64(r, c + 4), TokenCount = Int64(r, c + 5),
            DiskUsage = Int64(r, c + 6),
        });

    public static readonly ResourceTable<TaskRecord> Tasks = new(JobKinds.Task, "tasks",
        ["name", "train_feature_id", "train_feature_name", "train_bucket", "train_file_path", "test_feature_id",
         "test_feature_name", "test_bucket", "test_file_path", "nclue_model_name", "auroc", "line_count", "disk_usage"],
        static (r, c, key) => new TaskRecord
        {
            Id = key.Id, TenantId = key.TenantId, Name = r.GetString(c), TrainFeatureId = r.GetString(c + 1),
            TrainFeatureName = r.GetString(c + 2), TrainBucket = r.GetString(c + 3), TrainFilePath = r.GetString(c + 4),
            TestFeatureId = String(r, c + 5), TestFeatureName = String(r, c + 6), TestBucket = String(r, c + 7),
            TestFilePath = String(r, c + 8), ModelName = r.GetString(c + 9), Auroc = Double(r, c + 10), LineCount = Int64(r, c + 11),
            DiskUsage = Int64(r, c + 12), // the report is not part of the view; GET .../report reads it
        });

    public static readonly ResourceTable<TaskRunRecord> TaskRuns = new(JobKinds.TaskRun, "task_runs",
        ["name", "task_id", "task_name", "feature_id", "feature_name", "result_bucket", "result_file_path", "result_key",
         "nclue_model_name", "line_count"],
        static (r, c, key) => new TaskRunRecord
        {
            Id = key.Id, TenantId = key.TenantId, Name = r.GetString(c), TaskId = r.GetString(c + 1),
            TaskName = r.GetString(c + 2), FeatureId = r.GetString(c + 3), FeatureName = r.GetString(c + 4), ResultBucket = r.GetString(c + 5),
            ResultFilePath = r.GetString(c + 6), ResultKey = String(r, c + 7), ModelName = r.GetString(c + 8), LineCount = Int64(r, c + 9),
        });
}
