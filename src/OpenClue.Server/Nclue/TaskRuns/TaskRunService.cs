using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Nclue.Features;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Nclue.Tasks;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.TaskRuns;

/// <summary>Task runs (§1.9): validation, storage and lifecycle.</summary>
public sealed class TaskRunService(OpenClueDbContext db, ResourceStore store, InputChecks inputs, FeatureService features,
    TaskService tasks, JobAdmission admission, ModelCatalog models, TimeZoneClock clock)
{
    public async Task<TaskRunCreated> CreateAsync(Tenant tenant, TaskRunCreateRequest request, CancellationToken ct)
    {
        var (name, taskId, featureId, bucket, path) = (request.Name, request.TaskId, request.FeatureId, request.ResultBucket, request.ResultFilePath);

        var task = await tasks.FindAsync(tenant, taskId, ct) ?? throw ResourceStore.NotFound("task", taskId);
        if (task.Job.Status != JobStatus.Completed)
            throw new NotReadyException($"The task '{taskId}' is {task.Job.Status}; it must be completed first.");
        var feature = await features.FindAsync(tenant, featureId, ct) ?? throw ResourceStore.NotFound("feature", featureId);
        if (feature.Job.Status != JobStatus.Completed)
            throw new NotReadyException($"The feature '{featureId}' is {feature.Job.Status}; it must be completed first.");
        if (feature.ModelName != task.ModelName)
            throw new InvalidInputException(InputProblem.ModelMismatch,
                $"The task was trained on '{task.ModelName}' features but this feature was built with '{feature.ModelName}'.");
        await inputs.RequireBucketAsync(tenant, bucket, "result_bucket", ct);
        if (await db.Set<TaskRunRecord>().AnyAsync(r => r.TenantId == tenant.Id && r.Name == name, ct)) throw ResourceStore.DuplicateName(name);

        var job = store.NewJob(TaskRunsModule.JobKind, tenant.Id);
        var run = new TaskRunRecord
        {
            Id = job.Id, TenantId = tenant.Id, Name = name, Job = job, TaskId = task.Id, TaskName = task.Name,
            FeatureId = feature.Id, FeatureName = feature.Name, ResultBucket = bucket, ResultFilePath = path, ModelName = task.ModelName,
        };
        await store.AddAsync(run, name, ct, inputs: [task.Id, feature.Id]);
        admission.AdmitInBackground();
        return new TaskRunCreated(run.Id, name, task.Id, task.Name, feature.Id, feature.Name, clock.Format(job.CreatedAt)!,
            bucket, path, run.ModelName, await models.StatusAsync(tenant, run.ModelName, ct));
    }

    public async Task<TaskRunDeleted> DeleteAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var run = await FindAsync(tenant, id, ct) ?? throw ResourceStore.NotFound("task run", id);
        await store.DeleteAsync(db.Set<TaskRunRecord>().Where(r => r.Id == id), id, run.Job.Status, ct); // result files stay (D11)
        return new TaskRunDeleted(id);
    }

    private Task<TaskRunRecord?> FindAsync(Tenant tenant, string id, CancellationToken ct) =>
        db.Set<TaskRunRecord>().AsNoTracking().Include(r => r.Job).FirstOrDefaultAsync(r => r.Id == id && r.TenantId == tenant.Id, ct);
}
