using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Platform.Jobs;

/// <summary>
/// Keeps the <c>progress</c> of running jobs in the database, where every process of a cluster reads it. A job measures
/// the bytes it reads of inputs of known size through a <see cref="ProgressMeter"/>; the meter writes at most once a
/// second (<c>Jobs:ProgressInterval</c>) and only when the whole percent changes, from a task of its own with its own database context, so the
/// reading thread never waits on the database. A fanned-out job's percent is the mean of its shards'.
/// </summary>
public sealed class JobProgress(IServiceScopeFactory scopes, TimeProvider time, IOptions<OpenClueOptions> options, ILogger<JobProgress> log)
{
    /// <summary>A meter for a job that reads <paramref name="totalBytes"/> (none written when 0 or less).</summary>
    /// <param name="afterRead">What the job does once its input is read, when it cannot tell how far that is
    /// (training): the percent becomes unknown (null) with this sentence.</param>
    public ProgressMeter Start(string jobId, long totalBytes, string? afterRead = null) =>
        new(time, options.Value.Jobs.ProgressInterval, totalBytes, afterRead, (percent, detail) => WriteAsync(jobId, null, percent, detail));

    /// <summary>A meter for one shard of a fanned-out job.</summary>
    public ProgressMeter StartShard(string jobId, int shardIndex, long totalBytes) =>
        new(time, options.Value.Jobs.ProgressInterval, totalBytes, afterRead: null, (percent, _) => WriteAsync(jobId, shardIndex, percent, null));

    /// <summary>Sets the job's percent to the mean of its shards' (a completed shard counts 100), never lower than before.</summary>
    public async Task ShardsChangedAsync(string jobId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OpenClueDbContext>();
        await UpdateFromShardsAsync(db, jobId, ct);
    }

    private async Task WriteAsync(string jobId, int? shardIndex, int? percent, string? detail)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<OpenClueDbContext>();
            if (shardIndex is not { } index)
            {
                await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.InProgress)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Progress, percent).SetProperty(j => j.ProgressDetail, detail));
                return;
            }
            await db.Shards.Where(s => s.JobId == jobId && s.ShardIndex == index && s.Status == JobStatus.InProgress)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Progress, percent));
            await UpdateFromShardsAsync(db, jobId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Progress is a courtesy: a failed write (a database restarting, a host shutting down) never fails the job.
            log.LogDebug("Progress of job {JobId} not written: {Reason}", jobId, ex.Message);
        }
    }

    private static async Task UpdateFromShardsAsync(OpenClueDbContext db, string jobId, CancellationToken ct)
    {
        var shards = await db.Shards.AsNoTracking().Where(s => s.JobId == jobId).Select(s => new { s.Status, s.Progress }).ToListAsync(ct);
        if (shards.Count == 0) return;
        int done = 0, sum = 0;
        foreach (var shard in shards)
        {
            var completed = shard.Status == JobStatus.Completed;
            done += completed ? 1 : 0;
            sum += completed ? 100 : shard.Progress ?? 0;
        }
        // 99 at most: the finishing step still runs after the last shard.
        int? percent = Math.Min(99, sum / shards.Count);
        var detail = string.Create(CultureInfo.InvariantCulture, $"{done} of {shards.Count} parts done");
        await db.Jobs.Where(j => j.Id == jobId && j.Status == JobStatus.InProgress && (j.Progress == null || j.Progress <= percent))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Progress, percent).SetProperty(j => j.ProgressDetail, detail), ct);
    }

    /// <summary>"12.3 MB of 48.0 MB read".</summary>
    public static string BytesRead(long read, long total) =>
        string.Create(CultureInfo.InvariantCulture, $"{Size(Math.Min(read, total))} of {Size(total)} read");

    private static string Size(long bytes) => bytes switch
    {
        < 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KB"),
        < 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):F1} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):F2} GB"),
    };
}
