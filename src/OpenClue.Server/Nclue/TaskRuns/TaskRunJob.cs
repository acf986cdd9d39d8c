using Microsoft.EntityFrameworkCore;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;
using OpenClue.Server.Nclue.Features;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Nclue.TaskRuns;

/// <summary>
/// Scores every user of a feature set with a task's model and publishes the TSV of D19 atomically. A feature
/// stored as several shards is scored shard by shard on any worker; the finishing step streams the shards'
/// scores, in order, into the one result object.
/// </summary>
public sealed class TaskRunJob(OpenClueDbContext db, IObjectStorage storage, IArtifactStore artifacts, TimeZoneClock clock,
    ShardFanOut fanOut, TaskModelCache models, JobProgress progress) : IShardedJobHandler
{
    public string Kind => TaskRunsModule.JobKind;

    public async Task<JobOutcome> RunAsync(string jobId, CancellationToken ct)
    {
        var run = await FixResultKeyAsync(jobId, ct);
        var feature = await db.Set<FeatureRecord>().AsNoTracking().FirstAsync(f => f.Id == run.FeatureId, ct);
        var shards = FeatureShards.Readers(artifacts, feature, progress.Start(jobId, feature.DiskUsage ?? 0).Count);
        if (shards.Count > 1)
        {
            var plan = Enumerable.Range(0, shards.Count).Select(i => new ShardRecord
            {
                JobId = jobId, ShardIndex = i, SourceKey = ArtifactKeys.FeatureShard(feature.TenantId, feature.Id, i), Status = JobStatus.Pending,
            }).ToList();
            await fanOut.StartAsync(jobId, Kind, plan, ct);
            return JobOutcome.Deferred;
        }
        var model = await LoadModelAsync(run, ct);
        long lines = 0;
        await storage.PublishAsync(run.ResultBucket, run.ResultKey!, (output, token) =>
        {
            using var reader = shards[0]();
            lines = TaskScorer.WriteScores(reader, model, output, token);
            return Task.CompletedTask;
        }, ct);
        await db.Set<TaskRunRecord>().Where(r => r.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(r => r.LineCount, lines), ct);
        return JobOutcome.Completed;
    }

    public async Task<ShardOutput> RunShardAsync(string jobId, ShardRecord shard, CancellationToken ct)
    {
        var run = await db.Set<TaskRunRecord>().AsNoTracking().FirstAsync(r => r.Id == jobId, ct);
        var model = await LoadModelAsync(run, ct);
        long lines = 0;
        var bytes = await artifacts.WriteAsync(ArtifactKeys.RunShardScores(run.TenantId, run.Id, shard.ShardIndex), (output, token) =>
        {
            var input = artifacts.OpenRead(shard.SourceKey);
            using var reader = new FeatureSetReader(progress.StartShard(jobId, shard.ShardIndex, input.CanSeek ? input.Length : 0).Count(input));
            lines = TaskScorer.WriteScores(reader, model, output, token);
            return Task.CompletedTask;
        }, ct);
        return new ShardOutput(lines, 0, bytes);
    }

    public async Task FinishAsync(string jobId, IReadOnlyList<ShardRecord> shards, CancellationToken ct)
    {
        var run = await db.Set<TaskRunRecord>().AsNoTracking().FirstAsync(r => r.Id == jobId, ct);
        await storage.PublishAsync(run.ResultBucket, run.ResultKey!, async (output, token) =>
        {
            foreach (var shard in shards)
            {
                await using var scores = artifacts.OpenRead(ArtifactKeys.RunShardScores(run.TenantId, run.Id, shard.ShardIndex));
                await scores.CopyToAsync(output, token);
            }
        }, ct);
        await db.Set<TaskRunRecord>().Where(r => r.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(r => r.LineCount, shards.Sum(x => x.UserCount ?? 0)), ct);
        await artifacts.DeleteAsync(ArtifactKeys.RunFolder(run.TenantId, run.Id), ct);
    }

    /// <summary>The result object's name is fixed at the first start and kept across retries (D19).</summary>
    private async Task<TaskRunRecord> FixResultKeyAsync(string jobId, CancellationToken ct)
    {
        var run = await db.Set<TaskRunRecord>().AsNoTracking().FirstAsync(r => r.Id == jobId, ct);
        if (run.ResultKey is not null) return run;
        var key = ResultFileName.Create(run.ResultFilePath, ResultFileName.NewRandom(), clock.ToLocal(clock.Now()));
        await db.Set<TaskRunRecord>().Where(r => r.Id == jobId && r.ResultKey == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.ResultKey, key), ct);
        return await db.Set<TaskRunRecord>().AsNoTracking().FirstAsync(r => r.Id == jobId, ct);
    }

    private async Task<ITaskModel> LoadModelAsync(TaskRunRecord run, CancellationToken ct)
    {
        await using var modelStream = artifacts.OpenRead(ArtifactKeys.TaskModel(run.TenantId, run.TaskId));
        using var buffer = new MemoryStream();
        await modelStream.CopyToAsync(buffer, ct);
        var model = models.Load(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        if (model.FeatureModelName != run.ModelName) // D13, checked at request time too
            throw new JobFailedException(OpenClue.Modeling.Data.FailMessages.CommonError, $"Task model of {model.FeatureModelName} cannot score {run.ModelName} features");
        return model;
    }
}
