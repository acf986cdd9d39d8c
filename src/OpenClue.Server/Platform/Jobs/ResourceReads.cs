using System.Data.Common;
using OpenClue.Server.Platform.Auth;
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
    public Task<(int Total, List<Listed<T>> Page)> PageAsync<T>(ResourceTable<T> table, Tenant tenant, Paging paging,
        CancellationToken ct) where T : class, IJobResource => PageAsync(table, tenant, paging, ListOrder.Newest, ct);

    /// <summary>A page in another order (the console's sortable lists); orders are the table's <see cref="ResourceTable{T}.Orders"/>.</summary>
    public async Task<(int Total, List<Listed<T>> Page)> PageAsync<T>(ResourceTable<T> table, Tenant tenant, Paging paging,
        ListOrder order, CancellationToken ct) where T : class, IJobResource
    {
        await using var session = await connections.OpenAsync(ct);
        var total = await CountAsync(session, table.Kind, tenant, ct);
        var page = new List<Listed<T>>(Math.Clamp(total - paging.Index, 0, paging.Limit));
        if (paging.Index < total)
        {
            await using var reader = await session.ReadAsync(table.PageSqlFor(order), ct, tenant.Id, table.Kind, paging.Limit, paging.Index);
            while (await reader.ReadAsync(ct)) page.Add(table.ReadListed(reader, tenant.Id));
        }
        session.Complete();
        return (total, page);
    }

    /// <summary>A resource of this tenant with its job and model status (another tenant's id is not found, D7).</summary>
    public async Task<Listed<T>?> FindAsync<T>(ResourceTable<T> table, Tenant tenant, string id, CancellationToken ct)
        where T : class, IJobResource
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
