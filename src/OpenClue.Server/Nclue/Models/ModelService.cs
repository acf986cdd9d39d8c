using Microsoft.EntityFrameworkCore;
using OpenClue.Modeling.Encoding;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Models;

/// <summary>NCLUE models: pretraining a learned model on a corpus, listing, deprecating, choosing the default.</summary>
public sealed class ModelService(OpenClueDbContext db, ResourceStore store, ResourceQueries<ModelRecord> learnedModels, InputChecks inputs, ModelCatalog catalog,
    JobAdmission admission, TimeProvider time, TimeZoneClock clock)
{
    public async Task<ModelCreated> CreateAsync(Tenant tenant, ModelCreateRequest request, CancellationToken ct)
    {
        var (name, bucket, path) = (request.Name, request.SourceBucket, request.SourceFilePath);
        await inputs.RequireInputAsync(tenant, bucket, path, "source_file_path", ct);
        if (ModelCatalog.IsBuiltIn(name) || await db.Set<ModelRecord>().AnyAsync(m => m.TenantId == tenant.Id && m.Name == name, ct))
            throw ResourceStore.DuplicateName(name);
        var job = store.NewJob(ModelsModule.JobKind, tenant.Id);
        var model = new ModelRecord { Id = job.Id, TenantId = tenant.Id, Name = name, SourceBucket = bucket, SourceFilePath = path, Job = job };
        await store.AddAsync(model, name, ct);
        admission.AdmitInBackground();
        return new ModelCreated(name, clock.Format(job.CreatedAt)!, bucket, path);
    }

    public async Task<ModelView> GetAsync(Tenant tenant, string name, CancellationToken ct)
    {
        var defaultModel = await catalog.DefaultModelAsync(tenant, ct);
        if (BehaviorEncoders.FindBuiltIn(name) is { } builtIn) return BuiltInView(builtIn, defaultModel);
        var model = await catalog.FindAsync(tenant, name, ct) ?? throw NotFound(name);
        return View(model, model.Job, defaultModel);
    }

    public async Task<ModelList> ListAsync(Tenant tenant, Paging paging, CancellationToken ct)
    {
        var defaultModel = await catalog.DefaultModelAsync(tenant, ct);
        var builtIns = ModelCatalog.BuiltIns.Select(n => BuiltInView(BehaviorEncoders.FindBuiltIn(n)!, defaultModel)).ToList();
        // Built-in models first, then the tenant's own, newest first.
        var page = new List<ModelView>(builtIns.Skip(paging.Index).Take(paging.Limit));
        var skipLearned = Math.Max(0, paging.Index - builtIns.Count);
        var (learned, learnedPage) = await learnedModels.PageAsync(tenant, new Paging(skipLearned, Math.Max(1, paging.Limit - page.Count)), ct);
        if (page.Count < paging.Limit) page.AddRange(learnedPage.Select(m => View(m.Resource, m.Job, defaultModel)));
        return new ModelList(paging.Index, paging.Limit, builtIns.Count + learned, page);
    }

    public async Task<ModelView> DeprecateAsync(Tenant tenant, string name, CancellationToken ct)
    {
        if (ModelCatalog.IsBuiltIn(name))
            throw new InvalidStateException($"'{name}' is built in and cannot be deprecated; choose another default instead.");
        var model = await catalog.FindAsync(tenant, name, ct) ?? throw NotFound(name);
        if (await catalog.DefaultModelAsync(tenant, ct) == name)
            throw new InvalidStateException($"'{name}' is the default model; make another model the default first.");
        var now = time.GetUtcNow();
        await db.Set<ModelRecord>().Where(m => m.Id == model.Id && m.DeprecatedAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.DeprecatedAt, now), ct);
        return await GetAsync(tenant, name, ct);
    }

    public async Task<ModelView> SetDefaultAsync(Tenant tenant, string name, CancellationToken ct)
    {
        await catalog.ForNewFeatureAsync(tenant, name, ct); // exists, completed, not deprecated
        await db.Tenants.Where(t => t.Id == tenant.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.DefaultModel, ModelCatalog.IsBuiltIn(name) && name == ModelCatalog.BuiltInDefault ? null : name), ct);
        return await GetAsync(tenant, name, ct);
    }

    private static NotFoundException NotFound(string name) =>
        new($"No NCLUE model named '{name}' exists; GET /api/v1/models lists them.");

    private static ModelView BuiltInView(IBehaviorEncoder encoder, string defaultModel) => new(
        encoder.ModelName, JobStatus.Completed, ModelCatalog.Active, true, defaultModel == encoder.ModelName, encoder.Dimension,
        null, null, null, null, null, null, null, null, 100, null);

    private ModelView View(ModelRecord m, JobRecord job, string defaultModel) => new(
        m.Name, job.Status, m.DeprecatedAt is null ? ModelCatalog.Active : ModelCatalog.Deprecated, false, defaultModel == m.Name,
        m.Dimension, m.VocabularySize, m.SourceBucket, m.SourceFilePath, clock.Format(job.CreatedAt), clock.Format(job.StartedAt),
        clock.Format(job.CompletedAt), job.FailMessage, job.FailDetails, job.ShownProgress, job.ShownProgressDetail);
}
