using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>GET of one shopping-intent profile and their list (§1.11, D4): reads only, one instance per process.</summary>
public sealed class ShoppingIntentQueries(ResourceReads reads, TimeZoneClock clock)
{
    public async Task<ShoppingIntentView> GetAsync(Tenant tenant, string id, CancellationToken ct) =>
        View(await FindAsync(tenant, id, ct));

    public async Task<ShoppingIntentList> ListAsync(Tenant tenant, Paging paging, CancellationToken ct)
    {
        var (total, page) = await reads.PageAsync(ProfileTables.ShoppingIntents, tenant, paging, ct);
        return new ShoppingIntentList(paging.Index, paging.Limit, total, page.ConvertAll(View));
    }

    public async Task<Listed<ShoppingIntentProfileRecord>> FindAsync(Tenant tenant, string id, CancellationToken ct) =>
        await reads.FindAsync(ProfileTables.ShoppingIntents, tenant, id, ct) ?? throw ResourceStore.NotFound("shopping intent profile", id);

    private ShoppingIntentView View(Listed<ShoppingIntentProfileRecord> item)
    {
        var (p, job) = (item.Resource, item.Job);
        return new(p.Id, p.Name, p.TaskId, p.TaskName, job.Status, clock.Format(job.CreatedAt)!, clock.Format(job.StartedAt),
            clock.Format(job.CompletedAt), p.LineCount, p.DiskUsage, job.FailMessage, p.ModelName, item.ModelStatus);
    }
}
