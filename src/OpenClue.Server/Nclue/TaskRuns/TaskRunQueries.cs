using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.TaskRuns;

/// <summary>GET of one task run and the task run list (§1.9, D4): reads only, no DbContext, one instance per process.</summary>
public sealed class TaskRunQueries(ResourceReads reads, TimeZoneClock clock)
{
    public async Task<TaskRunView> GetAsync(Tenant tenant, string id, CancellationToken ct) =>
        View(await reads.FindAsync(ResourceTables.TaskRuns, tenant, id, ct) ?? throw ResourceStore.NotFound("task run", id));

    public async Task<TaskRunList> ListAsync(Tenant tenant, Paging paging, CancellationToken ct)
    {
        var (total, page) = await reads.PageAsync(ResourceTables.TaskRuns, tenant, paging, ct);
        return new TaskRunList(paging.Index, paging.Limit, total, page.ConvertAll(View));
    }

    private TaskRunView View(Listed<TaskRunRecord> item)
    {
        var (r, job) = (item.Resource, item.Job);
        return new(r.Id, r.Name, job.Status, r.TaskId, r.TaskName, r.FeatureId, r.FeatureName, clock.Format(job.CreatedAt),
            clock.Format(job.StartedAt), clock.Format(job.CompletedAt), r.ResultBucket,
            job.Status == JobStatus.Completed && r.ResultKey is not null ? r.ResultKey : r.ResultFilePath, // D19
            r.LineCount, job.FailMessage, r.ModelName, item.ModelStatus);
    }
}
