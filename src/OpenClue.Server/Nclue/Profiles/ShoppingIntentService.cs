using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Nclue.Features;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Nclue.Tasks;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>Shopping-intent profiles (§1.11, D21): validation, storage, lifecycle and the download.</summary>
public sealed class ShoppingIntentService(OpenClueDbContext db, ResourceStore store, TaskService tasks, FeatureService features,
    JobAdmission admission, ModelCatalog models, IArtifactStore artifacts, ResourceQueries<ShoppingIntentProfileRecord> queries, TimeZoneClock clock)
{
    public async Task<ShoppingIntentCreated> CreateAsync(Tenant tenant, ShoppingIntentCreateRequest request, CancellationToken ct)
    {
        var (name, taskId) = (request.Name, request.TaskId);
        var task = await tasks.FindAsync(tenant, taskId, ct) ?? throw ResourceStore.NotFound("task", taskId);
        if (task.Job.Status != JobStatus.Completed)
            throw new NotReadyException($"The task '{taskId}' is {task.Job.Status}; it must be completed first.");
        var feature = await features.FindAsync(tenant, task.TrainFeatureId, ct);
        if (feature is null || feature.Job.Status != JobStatus.Completed)
            throw new NotReadyException(
                $"The task's feature '{task.TrainFeatureId}' has been deleted; its users are the population a shopping intent is measured on.");
        if (await Profiles.AnyAsync(p => p.TenantId == tenant.Id && p.Name == name, ct)) throw ResourceStore.DuplicateName(name);

        var job = store.NewJob(ProfilesModule.ShoppingIntentKind, tenant.Id);
        var profile = new ShoppingIntentProfileRecord
        {
            Id = job.Id, TenantId = tenant.Id, Name = name, Job = job, TaskId = task.Id, TaskName = task.Name, FeatureId = feature.Id,
            ModelName = task.ModelName,
        };
        await store.AddAsync(profile, name, ct);
        admission.AdmitInBackground();
        return new ShoppingIntentCreated(profile.Id, name, task.Id, task.Name, clock.Format(job.CreatedAt)!, profile.ModelName,
            await models.StatusAsync(tenant, profile.ModelName, ct));
    }

    public async Task<ProfileDeleted> DeleteAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var profile = await Profiles.AsNoTracking().Include(p => p.Job).FirstOrDefaultAsync(p => p.Id == id && p.TenantId == tenant.Id, ct)
            ?? throw ResourceStore.NotFound("shopping intent profile", id);
        await store.DeleteAsync(Profiles.Where(p => p.Id == id), id, profile.Job.Status, ct);
        await artifacts.DeleteAsync(ProfileArtifacts.ShoppingIntent(tenant.Id, id), ct);
        return new ProfileDeleted(id);
    }

    /// <summary>The result TSV of a completed profile (D21); 409 10113 while it is not completed.</summary>
    public async Task<Stream> OpenResultAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var profile = await queries.GetAsync(tenant, id, ct);
        if (profile.Job.Status != JobStatus.Completed)
            throw new NotReadyException($"The shopping intent profile '{id}' is {profile.Job.Status}; it can be downloaded once completed.");
        return artifacts.OpenRead(ProfileArtifacts.ShoppingIntent(tenant.Id, id));
    }

    private DbSet<ShoppingIntentProfileRecord> Profiles => db.Set<ShoppingIntentProfileRecord>();
}
