using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Nsml.Persistence;

namespace OpenClue.Server.Nsml.Runs;

/// <summary>
/// Derives a run's state from its nodes (N2), by whoever changed a node: the API (stop), a worker (a node ended,
/// a worker was lost). The update is conditional on the run still being active, so the first outcome wins.
/// </summary>
public static class RunSettlement
{
    public static async Task SettleAsync(NsmlDbContext db, long runSeq, long now, CancellationToken ct)
    {
        var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Seq == runSeq, ct);
        if (run is null || !RunStates.IsActive(run.Status)) return;
        var nodes = await db.Nodes.AsNoTracking().Where(n => n.RunSeq == runSeq && n.Attempt == run.Attempts)
            .OrderBy(n => n.Rank).ToListAsync(ct);
        string? status = null;
        string? message = null;
        var failed = nodes.FirstOrDefault(n => n.State == NodeStates.Failed);
        if (failed is not null)
        {
            status = RunStates.Failed;
            message = $"Node {failed.Rank}: {failed.Message}";
        }
        else if (nodes.Count > 0 && nodes.All(n => n.State == NodeStates.Completed))
        {
            status = RunStates.Completed;
        }
        else if (nodes.Count > 0 && nodes.All(n => NodeStates.IsEnded(n.State)))
        {
            status = RunStates.Stopped;
            message = "Stopped by the user.";
        }
        if (status is not null)
        {
            await db.Runs.Where(r => r.Seq == runSeq && (r.Status == RunStates.Pending || r.Status == RunStates.InProgress))
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status).SetProperty(r => r.StatusMessage, message)
                    .SetProperty(r => r.UpdatedAt, now).SetProperty(r => r.EndedAt, now), ct);
            return;
        }
        if (run.Status == RunStates.Pending && nodes.Any(n => n.State == NodeStates.Running))
            await db.Runs.Where(r => r.Seq == runSeq && r.Status == RunStates.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RunStates.InProgress)
                    .SetProperty(r => r.UpdatedAt, now).SetProperty(r => r.StartedAt, now), ct);
    }
}
