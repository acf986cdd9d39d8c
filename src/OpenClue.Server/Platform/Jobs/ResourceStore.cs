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

    /// <summary>
    /// Stores a new resource and its job in one transaction; a name taken concurrently answers 409 10102. A resource
    /// that reads others (<paramref name="inputs"/>: the job ids of a task's features, a run's task and feature) locks
    /// their job rows first and requires them still completed, so it is exclusive with their deletion, which takes the
    /// same lock (<see cref="DeleteAsync{T}"/>): one of the two wins, never both.
    /// </summary>
    public async Task AddAsync<T>(T resource, string name, CancellationToken ct, IReadOnlyCollection<string>? inputs = null) where T : class
    {
        await using var tx = inputs is null ? null : await db.Database.BeginTransactionAsync(ct);
        if (inputs is not null)
        {
            await LockJobsAsync(inputs, ct);
            var distinct = inputs.Distinct().ToList();
            if (await db.Jobs.CountAsync(j => distinct.Contains(j.Id) && j.Status == JobStatus.Completed, ct) != distinct.Count)
                throw new NotReadyException(
                    "An input of this request was deleted or is no longer completed (a concurrent request changed it); check it and retry.");
        }
        db.Add(resource);
        try
        {
            await db.SaveChangesAsync(ct);
            if (tx is not null) await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            throw DuplicateName(name);
        }
    }

    /// <summary>
    /// Takes the write lock of the given job rows until the transaction ends (a no-op update: a row lock in PostgreSQL,
    /// the database's write lock in SQLite); creation and deletion of dependent resources both start with it.
    /// </summary>
    private Task<int> LockJobsAsync(IReadOnlyCollection<string> jobIds, CancellationToken ct) =>
        db.Jobs.Where(j => jobIds.Contains(j.Id)).ExecuteUpdateAsync(s => s.SetProperty(j => j.Attempts, j => j.Attempts), ct);

    public static DuplicateException DuplicateName(string name) =>
        new($"A resource of this type named '{name}' already exists; choose another name.");

    /// <summary>
    /// Deletes a resource whose job is registered, completed or failed (D11), atomically with respect to a worker
    /// picking the job up: the status condition is part of the delete.
    /// </summary>
    /// <param name="stillUsed">
    /// Whether an active resource still reads this one (D11), checked again under the lock that creating such a
    /// resource takes, so a creation racing this deletion either is seen here (409) or sees the deletion.
    /// </param>
    public async Task DeleteAsync<T>(IQueryable<T> resource, string jobId, string currentStatus, CancellationToken ct,
        Func<CancellationToken, Task<bool>>? stillUsed = null) where T : class
    {
        if (!CanDelete(currentStatus)) throw Busy(currentStatus);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockJobsAsync([jobId], ct);
        if (stillUsed is not null && await stillUsed(ct))
            throw new InvalidStateException(
                "A resource that uses this one is still registered, pending or in progress; delete or wait for it first.");
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
