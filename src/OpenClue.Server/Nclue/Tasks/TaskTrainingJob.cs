using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;
using OpenClue.Server.Nclue.Features;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Nclue.Tasks;

/// <summary>
/// Trains a task with <see cref="TaskTrainer"/> (labels joined to the feature shards, the D16/D18 rules, model
/// selection on training users only, AUROC on users the model never saw) and stores the model and its report.
/// </summary>
public sealed class TaskTrainingJob(OpenClueDbContext db, IObjectStorage storage, IArtifactStore artifacts, StorageQuota quota,
    IOptions<OpenClueOptions> options, HeapCompaction heap, JobProgress progress, ILogger<TaskTrainingJob> log) : IJobHandler
{
    private static readonly JsonSerializerOptions ReportJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Kind => TasksModule.JobKind;

    public async Task<JobOutcome> RunAsync(string jobId, CancellationToken ct)
    {
        var task = await db.Set<TaskRecord>().AsNoTracking().FirstAsync(t => t.Id == jobId, ct);
        var trainLabels = LabelDatasetReader.Read(await DatasetParts.ResolveAsync(storage, task.TrainBucket, task.TrainFilePath, ct),
            limits: options.Value.Limits.Dataset);
        var testLabels = task.TestFeatureId is null
            ? null
            : LabelDatasetReader.Read(await DatasetParts.ResolveAsync(storage, task.TestBucket!, task.TestFilePath!, ct),
                limits: options.Value.Limits.Dataset);
        var trainFeature = await db.Set<FeatureRecord>().AsNoTracking().FirstAsync(f => f.Id == task.TrainFeatureId, ct);
        FeatureRecord? testFeature = task.TestFeatureId is null || task.TestFeatureId == task.TrainFeatureId
            ? null // no test set, or test users read from the train feature
            : await db.Set<FeatureRecord>().AsNoTracking().FirstAsync(f => f.Id == task.TestFeatureId, ct);
        ct.ThrowIfCancellationRequested();

        // The percent the server knows is how much of the features the label join has read; fitting has no known end.
        var reading = progress.Start(jobId, (trainFeature.DiskUsage ?? 0) + (testFeature?.DiskUsage ?? 0), afterRead: "Features read; fitting the model.");
        var result = new TaskTrainer(TaskSeeds.Of(task.Id)).Train(task.Id, FeatureShards.Readers(artifacts, trainFeature, reading.Count), trainLabels,
            testFeature is null ? null : FeatureShards.Readers(artifacts, testFeature, reading.Count), testLabels, ct);
        // Training held the users' features and the design matrix (up to ~2 GB at 1M users); give that memory back now
        // rather than let the next job (often the task run) start on a bloated heap.
        trainLabels = null!;
        testLabels = null;
        heap.AfterLargeJob();
        log.LogInformation("Task {TaskId}: {Family} ({Description}), AUROC {Auroc:F4} on {TestUsers} {Source} test users, {Seconds:F1} s",
            task.Id, result.ModelFamily, result.Description, result.Auroc, result.TestUsers, result.TestSource, result.TrainingSeconds);

        var key = ArtifactKeys.TaskModel(task.TenantId, task.Id);
        var limit = await quota.LimitWritesAsync(task.TenantId, ct);
        var size = await artifacts.WriteAsync(key, (stream, token) => limit(stream).WriteAsync(result.Model, token).AsTask(), ct);
        await quota.EnforceAsync(task.TenantId, key, ct);
        var lineCount = (trainFeature.UserCount ?? 0) + (testFeature?.UserCount ?? 0); // D18: the test feature's lines when different
        var report = JsonSerializer.Serialize(TaskReport.From(result), ReportJson);
        await db.Set<TaskRecord>().Where(t => t.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Auroc, Math.Round(result.Auroc, 4)).SetProperty(t => t.LineCount, lineCount)
            .SetProperty(t => t.DiskUsage, size).SetProperty(t => t.Report, report), ct);
        return JobOutcome.Completed;
    }
}
