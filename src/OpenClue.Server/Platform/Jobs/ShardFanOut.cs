using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>Records a job's shards once and (re)schedules the ones not yet done; safe to repeat after a crash.</summary>
public sealed class ShardFanOut(OpenClueDbContext db, QuartzJobScheduler scheduler)
{
    public async Task<IReadOnlyList<ShardRecord>> ExistingAsync(string jobId, CancellationToken ct) =>
        await db.Shards.AsNoTracking().Where(s => s.JobId == jobId).OrderBy(s => s.ShardIndex).ToListAsync(ct);

    public async Task StartAsync(string jobId, string kind, IReadOnlyList<ShardRecord> plan, CancellationToken ct)
    {
        var shards = await ExistingAsync(jobId, ct);
        if (shards.Count == 0)
        {
            db.Shards.AddRange(plan);
            try
            {
                await db.SaveChangesAsync(ct);
                shards = plan;
            }
            catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
            {
                db.ChangeTracker.Clear(); // another attempt recorded them first
                shards = await ExistingAsync(jobId, ct);
            }
        }
        var pending = shards.Where(s => s.Status != JobStatus.Completed).ToList();
        foreach (var shard in pending) await scheduler.ScheduleShardAsync(jobId, kind, shard.ShardIndex, ct);
        if (pending.Count == 0) await scheduler.ScheduleFinishAsync(jobId, kind, ct);
    }
}
