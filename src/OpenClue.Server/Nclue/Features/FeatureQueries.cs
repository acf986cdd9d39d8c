using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Features;

/// <summary>GET of one feature and the feature list (§1.7, D4): reads only, no DbContext, one instance per process.</summary>
public sealed class FeatureQueries(ResourceReads reads, TimeZoneClock clock)
{
    public async Task<FeatureView> GetAsync(Tenant tenant, string id, CancellationToken ct) =>
        View(await reads.FindAsync(ResourceTables.Features, tenant, id, ct) ?? throw ResourceStore.NotFound("feature", id));

    public async Task<FeatureList> ListAsync(Tenant tenant, Paging paging, CancellationToken ct)
    {
        var (total, page) = await reads.PageAsync(ResourceTables.Features, tenant, paging, ct);
        return new FeatureList(paging.Index, paging.Limit, total, page.ConvertAll(View));
    }

    private FeatureView View(Listed<FeatureRecord> item)
    {
        var (f, job) = (item.Resource, item.Job);
        return new(f.Id, f.Name, job.Status, clock.Format(job.CreatedAt), clock.Format(job.StartedAt), clock.Format(job.CompletedAt),
            f.SourceBucket, f.SourceFilePath, f.UserCount, f.TokenCount, f.DiskUsage, job.FailMessage, f.ModelName, item.ModelStatus);
    }
}
