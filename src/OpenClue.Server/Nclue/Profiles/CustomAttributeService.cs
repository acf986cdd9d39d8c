using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Nclue.Features;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>Custom-attributes profiles (§1.10): validation, storage and lifecycle, as task runs.</summary>
public sealed class CustomAttributeService(OpenClueDbContext db, ResourceStore store, InputChecks inputs, FeatureService features,
    JobAdmission admission, ModelCatalog models, TimeZoneClock clock)
{
    public async Task<CustomAttributesCreated> CreateAsync(Tenant tenant, CustomAttributesCreateRequest request, CancellationToken ct)
    {
        var (name, featureId, bucket, path) = (request.Name, request.FeatureId, request.ResultBucket, request.ResultFilePath);
        var feature = await features.FindAsync(tenant, featureId, ct) ?? throw ResourceStore.NotFound("feature", featureId);
        if (feature.Job.Status != JobStatus.Completed)
            throw new NotReadyException($"The feature '{featureId}' is {feature.Job.Status}; it must be completed first.");
        await inputs.RequireBucketAsync(tenant, bucket, "result_bucket", ct);
        if (await Profiles.AnyAsync(p => p.TenantId == tenant.Id && p.Name == name, ct)) throw ResourceStore.DuplicateName(name);

        var job = store.NewJob(ProfilesModule.CustomAttributesKind, tenant.Id);
        var profile = new CustomAttributeProfileRecord
        {
            Id = job.Id, TenantId = tenant.Id, Name = name, Job = job, FeatureId = feature.Id, FeatureName = feature.Name,
            KeywordSet = string.Join('\n', request.Keywords.Keywords), ResultBucket = bucket, ResultFilePath = path, ModelName = feature.ModelName,
        };
        await store.AddAsync(profile, name, ct);
        admission.AdmitInBackground();
        return new CustomAttributesCreated(profile.Id, name, feature.Id, feature.Name, request.Keywords.CommaSeparated,
            clock.Format(job.CreatedAt)!, bucket, path, profile.ModelName, await models.StatusAsync(tenant, profile.ModelName, ct));
    }

    public async Task<ProfileDeleted> DeleteAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var profile = await Profiles.AsNoTracking().Include(p => p.Job).FirstOrDefaultAsync(p => p.Id == id && p.TenantId == tenant.Id, ct)
            ?? throw ResourceStore.NotFound("custom attributes profile", id);
        await store.DeleteAsync(Profiles.Where(p => p.Id == id), id, profile.Job.Status, ct); // result files stay (D11)
        return new ProfileDeleted(id);
    }

    private DbSet<CustomAttributeProfileRecord> Profiles => db.Set<CustomAttributeProfileRecord>();
}
