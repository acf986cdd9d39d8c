using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Nclue.Features;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Tasks;

/// <summary>Tasks (§1.8): validation, storage and lifecycle.</summary>
public sealed class TaskService(OpenClueDbContext db, ResourceStore store, InputChecks inputs, FeatureService features,
    JobAdmission admission, IArtifactStore artifacts, ModelCatalog models, TimeZoneClock clock)
{
    public async Task<TaskCreated> CreateAsync(Tenant tenant, JsonRequestBody body, CancellationToken ct)
    {
        var name = NameRules.Validate(body.RequiredString("name"));
        var trainFeatureId = body.RequiredString("train_feature_id");
        var trainBucket = body.RequiredString("train_bucket");
        var trainPath = InputChecks.CheckPath(body.RequiredPath("train_file_path"), ApiError.InvalidCharacterInTrainPath);
        var testFeatureId = body.OptionalString("test_feature_id");
        var testBucket = body.OptionalString("test_bucket");
        var testPathRaw = body.OptionalPath("test_file_path");
        var testGiven = (testFeatureId is null ? 0 : 1) + (testBucket is null ? 0 : 1) + (testPathRaw is null ? 0 : 1);
        if (testGiven is 1 or 2)
            throw new ApiException(ApiError.InvalidParameter,
                "Give all of test_feature_id, test_bucket and test_file_path, or none of them (then 20% of the train users are held out).");
        var testPath = testPathRaw is null ? null : InputChecks.CheckPath(testPathRaw, ApiError.InvalidCharacterInTestPath);

        var trainFeature = await RequireCompletedFeatureAsync(tenant, trainFeatureId, ct);
        var testFeature = testFeatureId is null ? null : await RequireCompletedFeatureAsync(tenant, testFeatureId, ct);
        if (testFeature is not null && testFeature.ModelName != trainFeature.ModelName)
            throw new ApiException(ApiError.ModelMismatch,
                $"The train feature was built with '{trainFeature.ModelName}' and the test feature with '{testFeature.ModelName}'; use features of one model.");

        var trainObjects = await inputs.RequireInputAsync(tenant, trainBucket, trainPath, ApiError.TrainPathNotFound, ct);
        var testObjects = testPath is null ? null : await inputs.RequireInputAsync(tenant, testBucket!, testPath, ApiError.TestPathNotFound, ct);
        inputs.RejectPersonalData(trainBucket, trainObjects, "train", ApiError.TrainPathNotFound);
        if (testObjects is not null) inputs.RejectPersonalData(testBucket!, testObjects, "test", ApiError.TestPathNotFound);
        if (await db.Tasks.AnyAsync(t => t.TenantId == tenant.Id && t.Name == name, ct)) throw ResourceStore.DuplicateName(name);

        var job = store.NewJob(JobKinds.Task, tenant.Id);
        var task = new TaskRecord
        {
            Id = job.Id, TenantId = tenant.Id, Name = name, Job = job,
            TrainFeatureId = trainFeature.Id, TrainFeatureName = trainFeature.Name, TrainBucket = trainBucket, TrainFilePath = trainPath,
            TestFeatureId = testFeature?.Id, TestFeatureName = testFeature?.Name, TestBucket = testBucket, TestFilePath = testPath,
            ModelName = trainFeature.ModelName,
        };
        await store.AddAsync(task, name, ct);
        admission.AdmitInBackground();
        return new TaskCreated(task.Id, name, clock.Format(job.CreatedAt)!, task.TrainFeatureId, task.TrainFeatureName,
            trainBucket, trainPath, task.TestFeatureId, task.TestFeatureName, testBucket, testPath, task.ModelName,
            await models.StatusAsync(tenant, task.ModelName, ct));
    }

    private async Task<FeatureRecord> RequireCompletedFeatureAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var feature = await features.FindAsync(tenant, id, ct) ?? throw ResourceStore.NotFound("feature", id);
        if (feature.Job.Status != JobStatus.Completed)
            throw new ApiException(ApiError.ResourceNotReady, $"The feature '{id}' is {feature.Job.Status}; it must be completed first.");
        return feature;
    }

    public async Task<TaskDeleted> DeleteAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var task = await FindAsync(tenant, id, ct) ?? throw ResourceStore.NotFound("task", id);
        if (await db.TaskRuns.AnyAsync(r => r.TaskId == id &&
                JobStatus.Active.Contains(r.Job.Status), ct))
            throw new ApiException(ApiError.InvalidState,
                "A task run that uses this task is still registered, pending or in progress; delete or wait for it first.");
        await store.DeleteAsync(db.Tasks.Where(t => t.Id == id), id, task.Job.Status, ct);
        await artifacts.DeleteAsync(ArtifactKeys.TaskModel(tenant.Id, id), ct);
        return new TaskDeleted(id);
    }

    /// <summary>The training report (extension of the model issue), stored as JSON when the task completed.</summary>
    public async Task<string> GetReportAsync(Tenant tenant, string id, CancellationToken ct)
    {
        var task = await FindAsync(tenant, id, ct) ?? throw ResourceStore.NotFound("task", id);
        if (task.Job.Status != JobStatus.Completed)
            throw new ApiException(ApiError.ResourceNotReady, $"The task '{id}' is {task.Job.Status}; its report exists once it is completed.");
        return task.Report ?? throw new ApiException(ApiError.NotFound, $"The task '{id}' was trained without a report.");
    }

    public Task<TaskRecord?> FindAsync(Tenant tenant, string id, CancellationToken ct) =>
        db.Tasks.AsNoTracking().Include(t => t.Job).FirstOrDefaultAsync(t => t.Id == id && t.TenantId == tenant.Id, ct);
}
