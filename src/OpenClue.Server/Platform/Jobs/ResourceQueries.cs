using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// GET of one job-backed resource and its list (D4) for any resource kind: reads only, no DbContext, one instance per
/// process. Each API surface turns the rows into its own views.
/// </summary>
public sealed class ResourceQueries<T>(ResourceReads reads, ResourceTable<T> table) where T : class, IJobResource
{
    /// <summary>The tenant's resource with this id; another tenant's id is not found (D7).</summary>
    public async Task<Listed<T>> GetAsync(Tenant tenant, string id, CancellationToken ct) =>
        await reads.FindAsync(table, tenant, id, ct) ?? throw ResourceStore.NotFound(table.Noun, id);

    /// <summary>One page of the tenant's resources, newest first, and how many there are.</summary>
    public Task<(int Total, List<Listed<T>> Page)> PageAsync(Tenant tenant, Paging paging, CancellationToken ct) =>
        reads.PageAsync(table, tenant, paging, ct);

    /// <summary>One page in another order (<see cref="ResourceTable{T}.Orders"/>).</summary>
    public Task<(int Total, List<Listed<T>> Page)> PageAsync(Tenant tenant, Paging paging, ListOrder order, CancellationToken ct) =>
        reads.PageAsync(table, tenant, paging, order, ct);

    /// <summary>The sort keys <see cref="PageAsync(Tenant, Paging, ListOrder, CancellationToken)"/> accepts.</summary>
    public IReadOnlyList<string> Orders => table.Orders;
}
