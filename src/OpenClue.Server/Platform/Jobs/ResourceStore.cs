using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Jobs;

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

    public static DuplicateException DuplicateName(string name) =>
        new($"A resource of this type named '{name}' already exists; choose another name.");

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

    public static bool CanDelete(string status) => status is JobStatus.Registered or JobStatus.Completed or JobStatus.Failed;

    private static InvalidStateException Busy(string status) =>
        new($"The resource is {status}; it can be deleted when it is registered, completed or failed.");

    public static NotFoundException NotFound(string what, string id) =>
        new($"No {what} with id '{id}' exists.");
}
