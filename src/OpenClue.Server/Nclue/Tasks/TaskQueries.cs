using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Tasks;

/// <summary>GET of one task and the task list (§1.8, D4): reads only, no DbContext, one instance per process.</summary>
public sealed class TaskQueries(ResourceReads reads, TimeZoneClock clock)
{
    public async Task<TaskView> GetAsync(Tenant tenant, string id, CancellationToken ct) =>
        View(await reads.FindAsync(ResourceTables.Tasks, tenant, id, ct) ?? throw ResourceStore.NotFound("task", id));

    public async Task<TaskList> ListAsync(Tenant tenant, Paging paging, CancellationToken ct)
    {
        var (total, page) = await reads.PageAsync(ResourceTables.Tasks, tenant, paging, ct);
        return new TaskList(paging.Index, paging.Limit, total, page.ConvertAll(View));
    }

    private TaskView View(Listed<TaskRecord> item)
    {
        var (t, job) = (item.Resource, item.Job);
        return new(t.Id, t.Name, job.Status, clock.Format(job.CreatedAt), clock.Format(job.StartedAt), clock.Format(job.CompletedAt),
            t.TrainFeatureId, t.TrainFeatureName, t.TrainBucket, t.TrainFilePath, t.TestFeatureId, t.TestFeatureName, t.TestBucket,
            t.TestFilePath, t.Auroc is { } a ? Math.Round(a, 4) : null, t.LineCount, t.DiskUsage, job.FailMessage, t.ModelName,
            item.ModelStatus);
    }
}
