using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;
using OpenClue.Server.Artifacts;
using OpenClue.Server.Persistence;
using OpenClue.Server.Storage;

namespace OpenClue.Server.Jobs;

/// <summary>
/// Trains a task: labels joined to feature vectors, the D18 split (explicit test set or a 20 % stratified
/// holdout), AUROC measured on users the model never saw, then exactly that model stored.
/// </summary>
public sealed class TaskTrainingJob(OpenClueDbContext db, IObjectStorage storage, IArtifactStore artifacts, StorageQuota quota,
    ILogger<TaskTrainingJob> log) : IJobHandler
{
    public const int MinTrainPerClass = 100;
    public const int MinTestPerClass = 10;

    public string Kind => JobKinds.Task;

    public async Task<JobOutcome> RunAsync(string jobId, CancellationToken ct)
    {
        var task = await db.Tasks.AsNoTracking().FirstAsync(t => t.Id == jobId, ct);
        var trainLabels = LabelDatasetReader.Read(await DatasetParts.ResolveAsync(storage, task.TrainBucket, task.TrainFilePath, ct));
        Dictionary<string, byte>? testLabels = null;
        if (task.TestFeatureId is not null)
        {
            testLabels = LabelDatasetReader.Read(await DatasetParts.ResolveAsync(storage, task.TestBucket!, task.TestFilePath!, ct));
            foreach (var user in testLabels.Keys) trainLabels.Remove(user); // a user in both is kept in test only (D16)
        }
        ct.ThrowIfCancellationRequested();

        var trainFeature = await db.Features.AsNoTracking().FirstAsync(f => f.Id == task.TrainFeatureId, ct);
        var dimension = FeatureShards.Dimension(artifacts, trainFeature);
        var train = new LabelledVectors(dimension);
        var test = new LabelledVectors(dimension);
        foreach (var open in FeatureShards.Readers(artifacts, trainFeature))
        {
            using var reader = open();
            if (testLabels is not null && task.TestFeatureId == task.TrainFeatureId)
                LabelledVectors.Collect(reader, (trainLabels, train), (testLabels, test));
            else
                LabelledVectors.Collect(reader, (trainLabels, train));
        }
        if (testLabels is not null && task.TestFeatureId != task.TrainFeatureId)
        {
            var testFeature = await db.Features.AsNoTracking().FirstAsync(f => f.Id == task.TestFeatureId, ct);
            foreach (var open in FeatureShards.Readers(artifacts, testFeature))
            {
                using var reader = open();
                LabelledVectors.Collect(reader, (testLabels, test));
            }
        }
        RequireLabels(train, MinTrainPerClass, "train");
        if (testLabels is not null) RequireLabels(test, MinTestPerClass, "test");
        ct.ThrowIfCancellationRequested();

        var trainer = new LogisticRegressionTrainer(SeedOf(task.Id));
        LinearModel model;
        double auroc;
        if (testLabels is not null)
        {
            model = trainer.Fit(train.Set);
            auroc = Evaluate(model, test);
        }
        else
        {
            var heldOut = HoldoutSplit.SelectHeldOut(task.Id, train.UserIds, train.Labels);
            var fitPart = new LabelledVectors(dimension);
            var evalPart = new LabelledVectors(dimension);
            for (var i = 0; i < heldOut.Length; i++)
            {
                var into = heldOut[i] ? evalPart : fitPart;
                into.Set.Add(train.Set.GetRow(i), train.Labels[i]);
                into.Labels.Add(train.Labels[i]);
                into.UserIds.Add(train.UserIds[i]);
            }
            // The stored model is the one measured: no refit on the held-out users, so the reported AUROC is the
            // stored model's (D18 allows a refit once the task report can say so).
            model = trainer.Fit(fitPart.Set);
            auroc = Evaluate(model, evalPart);
        }
        log.LogInformation("Task {TaskId}: {Model}, AUROC {Auroc:F4} on {TestUsers} test users", task.Id, model.Description, auroc,
            testLabels is null ? "held-out" : test.Labels.Count);

        var bytes = model.Serialize();
        var key = ArtifactKeys.TaskModel(task.TenantId, task.Id);
        var size = await artifacts.WriteAsync(key, (stream, token) => stream.WriteAsync(bytes, token).AsTask(), ct);
        await quota.EnforceAsync(task.TenantId, key, ct);

        var featureLines = await db.Features.AsNoTracking()
            .Where(f => f.Id == task.TrainFeatureId || f.Id == task.TestFeatureId).Select(f => f.UserCount ?? 0).ToListAsync(ct);
        var lineCount = featureLines.Sum(); // the test feature's lines count only when it is a different feature (D18)
        await db.Tasks.Where(t => t.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(t => t.Auroc, Math.Round(auroc, 4)).SetProperty(t => t.LineCount, lineCount)
            .SetProperty(t => t.DiskUsage, size), ct);
        return JobOutcome.Completed;
    }

    private static double Evaluate(LinearModel model, LabelledVectors data)
    {
        var scores = new float[data.Labels.Count];
        var labels = new byte[scores.Length];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = model.Score(data.Set.GetRow(i));
            labels[i] = data.Labels[i];
        }
        return Auroc.Compute(scores, labels);
    }

    private static void RequireLabels(LabelledVectors data, int minimum, string which)
    {
        int negatives = data.Count(0), positives = data.Count(1);
        if (negatives < minimum || positives < minimum)
            throw new JobFailedException(FailMessages.NumOfLabelInsufficient,
                $"The {which} set has {negatives} users labelled 0 and {positives} labelled 1 present in its feature; {minimum} of each are needed");
    }

    /// <summary>Deterministic per task (identical model bytes for the same task id and data).</summary>
    private static int SeedOf(string taskId) => BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(taskId)));
}
