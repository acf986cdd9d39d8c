using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Nclue.Features;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Nclue.TaskRuns;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Tasks;

/// <summary>Tasks (§1.8): validation, storage and lifecycle.</summary>
public sealed class TaskService(OpenClueDbContext db, ResourceStore store, InputChecks inputs, FeatureService features,
    JobAdmission admission, IArtifactStore artifacts, ModelCatalog models, TimeZoneClock clock)
{
    public async Task<TaskCreated> CreateAsync(Tenant tenant, TaskCreateRequest request, CancellationToken ct)
    {
        var (name, trainFeatureId, trainBucket, trainPath) = (request.Name, request.TrainFeatureId, request.TrainBucket, request.TrainFilePath);
        var (testFeatureId, testBucket, testPath) = (request.TestFeatureId, request.TestBucket, request.TestFilePath);

        var trainFeature = await RequireCompletedFeatureAsync(tenant, trainFeatureId, ct);
        var testFeature = testFeatureId is null ? null : await RequireCompletedFeatureAsync(tenant, testFeatureId, ct);
        if (testFeature is not null && testFeature.ModelName != trainFeature.ModelName)
            throw new InvalidInputException(InputProblem.ModelMismatch,
                $"The train feature was built with '{trainFeature.ModelName}' and the test feature with '{testFeature.ModelName}'; use features of one model.");

        var trainObjects = await inputs.RequireInputAsync(tenant, trainBucket, trainPath, "train_file_path", ct);
        var testObjects = testPath is null ? null : await inputs.RequireInputAsync(tenant, testBucket!, testPath, "test_file_path", ct);
        inputs.RejectPersonalData(trainBucket, trainObjects, "train", "train_file_path");
        if (testObjects is not null) inputs.RejectPersonalData(testBucket!, testObjects, "test", "test_file_path");
        if (await db.Set<TaskRecord>().AnyAsync(t => t.TenantId == tenant.Id && t.Name == name, ct)) throw ResourceStore.DuplicateName(name);

        var job = store.NewJob(TasksModule.JobKind, tenant.Id);
        var task = new TaskRecord
        {
            Id = job.Id, TenantId = tenant.Id, Name = name, Job = job,
            TrainFeatureId = trainFeature.Id, TrainFeatureName = trainFeature.Name, TrainBucket = trainBucket, TrainFilePath = trainPath,
            TestFeatureId = testFeature?.Id, TestFeatureName = testFeature?.Name, TestBucket = testBucket, TestFilePath = testPath,
            ModelName = trainFeature.ModelName,
        };
        await store.AddAsync(task, name, ct, inputs: testFeature is null ? [trainFeature.Id] : [trainFeature.Id, testFeature.Id]);
        admission.AdmitInBackground();
        return new TaskCreated(task.Id, name, clock.Format(job.CreatedAt)!, task.TrainFeatureId, task.TrainFeatureName,
            trainBucket, trainPath, task.TestFeatureId, task.TestFeatureName, testBucket, testPath, task.ModelName,
            await models.StatusAsync(tenant, task.ModelName, ct));
    }

    private async Task<FeatureRecord> RequireCompletedFeatureAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var feature = await features.FindAsync(tenant, id, ct) ?? throw ResourceStore.NotFound("feature", id);
        if (feature.Job.Status != JobStatus.Completed)
            throw new NotReadyException($"The feature '{id}' is {feature.Job.Status}; it must be completed first.");
        return feature;
    }

    public async Task<TaskDeleted> DeleteAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var task = await FindAsync(tenant, id, ct) ?? throw ResourceStore.NotFound("task", id);
        async Task<bool> StillUsed(CancellationToken token) =>
            await db.Set<TaskRunRecord>().AnyAsync(r => r.TaskId == id && JobStatus.Active.Contains(r.Job.Status), token) ||
            await Profiles.ProfileDependents.AnyActiveOnTaskAsync(db, id, token);
        if (await StillUsed(ct))
            throw new InvalidStateException(
                "A task run or shopping intent profile that uses this task is still registered, pending or in progress; delete or wait for it first.");
        await store.DeleteAsync(db.Set<TaskRecord>().Where(t => t.Id == id), id, task.Job.Status, ct, StillUsed);
        await artifacts.DeleteAsync(ArtifactKeys.TaskModel(tenant.Id, id), ct);
        return new TaskDeleted(id);
    }

    /// <summary>The training report (extension of the model issue), stored as JSON when the task completed.</summary>
    public async Task<string> GetReportAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var task = await FindAsync(tenant, id, ct) ?? throw ResourceStore.NotFound("task", id);
        if (task.Job.Status != JobStatus.Completed)
            throw new NotReadyException($"The task '{id}' is {task.Job.Status}; its report exists once it is completed.");
        return task.Report ?? throw new NotFoundException($"The task '{id}' was trained without a report.");
    }

    public Task<TaskRecord?> FindAsync(Tenant tenant, string id, CancellationToken ct) =>
        db.Set<TaskRecord>().AsNoTracking().Include(t => t.Job).FirstOrDefaultAsync(t => t.Id == id && t.TenantId == tenant.Id, ct);
}
