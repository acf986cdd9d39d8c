using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Nclue.TaskRuns;
using OpenClue.Server.Nclue.Tasks;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Features;

/// <summary>Features (§1.7): validation, storage and lifecycle.</summary>
public sealed class FeatureService(OpenClueDbContext db, ResourceStore store, InputChecks inputs, JobAdmission admission,
    IArtifactStore artifacts, ModelCatalog models, TimeZoneClock clock)
{
    public async Task<FeatureCreated> CreateAsync(Tenant tenant, FeatureCreateRequest request, CancellationToken ct)
    {
        var (name, bucket, path) = (request.Name, request.SourceBucket, request.SourceFilePath);
        var modelName = await models.ForNewFeatureAsync(tenant, request.NclueModelName, ct);
        await inputs.RequireInputAsync(tenant, bucket, path, "source_file_path", ct);
        if (await db.Set<FeatureRecord>().AnyAsync(f => f.TenantId == tenant.Id && f.Name == name, ct)) throw ResourceStore.DuplicateName(name);

        var job = store.NewJob(FeaturesModule.JobKind, tenant.Id);
        var feature = new FeatureRecord
        {
            Id = job.Id, TenantId = tenant.Id, Name = name, SourceBucket = bucket, SourceFilePath = path,
            ModelName = modelName, Job = job,
        };
        await store.AddAsync(feature, name, ct);
        admission.AdmitInBackground();
        return new FeatureCreated(feature.Id, name, clock.Format(job.CreatedAt)!, bucket, path, feature.ModelName,
            ModelCatalog.Active);
    }

    public async Task<FeatureDeleted> DeleteAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var feature = await FindAsync(tenant, id, ct) ?? throw ResourceStore.NotFound("feature", id);
        async Task<bool> StillUsed(CancellationToken token) =>
            await db.Set<TaskRecord>().AnyAsync(t => (t.TrainFeatureId == id || t.TestFeatureId == id) && JobStatus.Active.Contains(t.Job.Status), token) ||
            await db.Set<TaskRunRecord>().AnyAsync(r => r.FeatureId == id && JobStatus.Active.Contains(r.Job.Status), token) ||
            await Profiles.ProfileDependents.AnyActiveOnFeatureAsync(db, id, token);
        if (await StillUsed(ct))
            throw new InvalidStateException(
                "A task, task run or profile that uses this feature is still registered, pending or in progress; delete or wait for it first.");
        await store.DeleteAsync(db.Set<FeatureRecord>().Where(f => f.Id == id), id, feature.Job.Status, ct, StillUsed);
        await artifacts.DeleteAsync(ArtifactKeys.FeatureFolder(tenant.Id, id), ct);
        return new FeatureDeleted(id);
    }

    /// <summary>A feature of this tenant (another tenant's id is not found, D7), with its job.</summary>
    public Task<FeatureRecord?> FindAsync(Tenant tenant, string id, CancellationToken ct) =>
        db.Set<FeatureRecord>().AsNoTracking().Include(f => f.Job).FirstOrDefaultAsync(f => f.Id == id && f.TenantId == tenant.Id, ct);
}
