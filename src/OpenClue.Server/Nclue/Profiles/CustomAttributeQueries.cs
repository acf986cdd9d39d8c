using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>GET of one custom-attributes profile and their list (§1.10, D4): reads only, one instance per process.</summary>
public sealed class CustomAttributeQueries(ResourceReads reads, TimeZoneClock clock)
{
    public async Task<CustomAttributesView> GetAsync(Tenant tenant, string id, CancellationToken ct) =>
        View(await reads.FindAsync(ProfileTables.CustomAttributes, tenant, id, ct) ?? throw ResourceStore.NotFound("custom attributes profile", id));

    public async Task<CustomAttributesList> ListAsync(Tenant tenant, Paging paging, CancellationToken ct)
    {
        var (total, page) = await reads.PageAsync(ProfileTables.CustomAttributes, tenant, paging, ct);
        return new CustomAttributesList(paging.Index, paging.Limit, total, page.ConvertAll(View));
    }

    private CustomAttributesView View(Listed<CustomAttributeProfileRecord> item)
    {
        var (p, job) = (item.Resource, item.Job);
        return new(p.Id, p.Name, p.FeatureId, p.FeatureName, StoredKeywords.ToCommaSeparated(p.KeywordSet), job.Status,
            clock.Format(job.CreatedAt)!, clock.Format(job.StartedAt), clock.Format(job.CompletedAt), p.ResultBucket,
            job.Status == JobStatus.Completed && p.ResultKey is not null ? p.ResultKey : p.ResultFilePath, // D19
            p.LineCount, job.FailMessage, p.ModelName, item.ModelStatus);
    }
}
