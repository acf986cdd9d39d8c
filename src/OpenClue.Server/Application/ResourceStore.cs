using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Api;
using OpenClue.Server.Auth;
using OpenClue.Server.Persistence;

namespace OpenClue.Server.Application;

/// <summary>Creation and deletion steps every job-backed resource shares (D10, D11).</summary>
public sealed class ResourceStore(OpenClueDbContext db, TimeProvider time)
{
    public JobRecord NewJob(string kind, string tenantId) => new()
    {
        Id = Guid.NewGuid().ToString("D"), // v4, lower case (D10)
        TenantId = tenantId,
        Kind = kind,
        Status = JobStatus.Registered,
        CreatedAt = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds()),
    };

    /// <summary>Stores a new resource and its job in one transaction; a name taken concurrently answers 409 10102.</summary>
    public async Task AddAsync<T>(T resource, string name, CancellationToken ct) where T : class
    {
        db.Add(resource);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            throw DuplicateName(name);
        }
    }

    public static ApiException DuplicateName(string name) =>
        new(ApiError.DuplicateName, $"A resource of this type named '{name}' already exists; choose another name.");

    /// <summary>
    /// Deletes a resource whose job is registered, completed or failed (D11), atomically with respect to a worker
    /// picking the job up: the status condition is part of the delete.
    /// </summary>
    public async Task DeleteAsync<T>(IQueryable<T> resource, string jobId, string currentStatus, CancellationToken ct) where T : class
    {
        if (!CanDelete(currentStatus)) throw Busy(currentStatus);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await resource.ExecuteDeleteAsync(ct);
        var deleted = await db.Jobs
            .Where(j => j.Id == jobId && (j.Status == JobStatus.Registered || j.Status == JobStatus.Completed || j.Status == JobStatus.Failed))
            .ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            await tx.RollbackAsync(ct);
            throw Busy(JobStatus.Pending);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// One page of a tenant's resources, newest first by creation order (D4), and how many there are. The total is
    /// the trigger-kept <c>job_counts</c> row (exact, one primary-key read); the page is chosen on <c>jobs</c> through
    /// its (tenant_id, kind, seq) index and joined to its resources and their model's deprecation in one compiled
    /// query, so no request counts, joins or sorts the whole list.
    /// </summary>
    public async Task<(int Total, List<Listed<T>> Page)> PageAsync<T>(string kind, Tenant tenant, Paging paging, CancellationToken ct)
        where T : class, IModelBoundResource
    {
        var total = (int)Math.Min(int.MaxValue, await CountQuery(db, tenant.Id, kind, ct));
        if (paging.Index >= total) return (total, []);
        var page = new List<Listed<T>>(Math.Min(paging.Limit, total - paging.Index));
        await foreach (var item in ResourceQueries<T>.Page(db, tenant.Id, kind, paging.Index, paging.Limit).WithCancellation(ct))
            page.Add(item);
        return (total, page);
    }

    /// <summary>A resource of this tenant with its job and model status (another tenant's id is not found, D7).</summary>
    public Task<Listed<T>?> FindListedAsync<T>(Tenant tenant, string id, CancellationToken ct) where T : class, IModelBoundResource =>
        ResourceQueries<T>.Find(db, tenant.Id, id, ct);

    /// <summary>How many resources of a kind a tenant has (D4 <c>total</c>).</summary>
    public async Task<int> CountAsync(string kind, Tenant tenant, CancellationToken ct) =>
        (int)Math.Min(int.MaxValue, await CountQuery(db, tenant.Id, kind, ct));

    private static readonly Func<OpenClueDbContext, string, string, CancellationToken, Task<long>> CountQuery = EF.CompileAsyncQuery(
        (OpenClueDbContext db, string tenantId, string kind, CancellationToken ct) =>
            db.JobCounts.Where(c => c.TenantId == tenantId && c.Kind == kind).Select(c => c.Count).FirstOrDefault());

    /// <summary>Compiled once per resource type: no expression-tree compilation or cache lookup per request.</summary>
    private static class ResourceQueries<T> where T : class, IModelBoundResource
    {
        public static readonly Func<OpenClueDbContext, string, string, int, int, IAsyncEnumerable<Listed<T>>> Page = EF.CompileAsyncQuery(
            (OpenClueDbContext db, string tenantId, string kind, int index, int limit) =>
                db.Jobs.Where(j => j.TenantId == tenantId && j.Kind == kind)
                    .OrderByDescending(j => j.Seq).Skip(index).Take(limit)
                    .Join(db.Set<T>(), j => j.Id, r => r.Id, (j, r) => new { Job = j, Resource = r })
                    .OrderByDescending(x => x.Job.Seq)
                    .Select(x => new Listed<T>(x.Resource, x.Job,
                        db.Models.Any(m => m.TenantId == tenantId && m.Name == x.Resource.ModelName && m.DeprecatedAt != null)))
                    .AsNoTracking());

        public static readonly Func<OpenClueDbContext, string, string, CancellationToken, Task<Listed<T>?>> Find = EF.CompileAsyncQuery(
            (OpenClueDbContext db, string tenantId, string id, CancellationToken ct) =>
                db.Set<T>().Where(r => r.Id == id && r.TenantId == tenantId)
                    .Join(db.Jobs, r => r.Id, j => j.Id, (r, j) => new Listed<T>(r, j,
                        db.Models.Any(m => m.TenantId == tenantId && m.Name == r.ModelName && m.DeprecatedAt != null)))
                    .AsNoTracking()
                    .FirstOrDefault());
    }

    public static bool CanDelete(string status) => status is JobStatus.Registered or JobStatus.Completed or JobStatus.Failed;

    private static ApiException Busy(string status) =>
        new(ApiError.InvalidState, $"The resource is {status}; it can be deleted when it is registered, completed or failed.");

    public static ApiException NotFound(string what, string id) =>
        new(ApiError.NotFound, $"No {what} with id '{id}' exists.");
}

/// <summary>A resource as lists and single GETs show it: with its job and whether its NCLUE model is deprecated (D13).</summary>
public sealed record Listed<T>(T Resource, JobRecord Job, bool ModelDeprecated) where T : class
{
    public string ModelStatus => ModelDeprecated ? ModelCatalog.Deprecated : ModelCatalog.Active;
}
