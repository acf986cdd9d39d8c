using System.Runtime.InteropServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Features;
using OpenClue.Server.Nclue.Models;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Nclue.Features;

/// <summary>
/// Builds a feature set: every user of the sequence dataset encoded with the feature's NCLUE model. A dataset of
/// several parts, or one large file, is fanned out as shards that any worker builds in parallel; the finishing
/// step checks user ids are unique across shards (from the user-id hashes each shard job stores next to its shard,
/// deleted once checked) and totals the counts. The shards are the stored feature set.
/// </summary>
public sealed class FeatureBuildJob(OpenClueDbContext db, IObjectStorage storage, IArtifactStore artifacts, StorageQuota quota,
    ShardFanOut fanOut, EncoderProvider encoders, JobProgress progress, IOptions<OpenClueOptions> options) : IShardedJobHandler
{
    public string Kind => FeaturesModule.JobKind;

    public async Task<JobOutcome> RunAsync(string jobId, CancellationToken ct)
    {
        var feature = await db.Set<FeatureRecord>().AsNoTracking().FirstAsync(f => f.Id == jobId, ct);
        var existing = await fanOut.ExistingAsync(jobId, ct);
        if (existing.Count > 0)
        {
            await fanOut.StartAsync(jobId, Kind, existing, ct); // a re-run after a crash: pick up where the shards are
            return JobOutcome.Deferred;
        }
        var parts = await storage.ResolveInputAsync(feature.SourceBucket, feature.SourceFilePath, ct);
        if (parts is null || parts.Count == 0)
            throw new JobFailedException(FailMessages.NotExistFile, $"Nothing to read at {feature.SourceBucket}/{feature.SourceFilePath}");
        var plan = ShardPlanner.Plan(jobId, parts, options.Value.Jobs.ShardBytes, part => IsGzip(feature.SourceBucket, part));
        if (plan.Count > 1)
        {
            await fanOut.StartAsync(jobId, Kind, plan, ct);
            return JobOutcome.Deferred;
        }
        var output = await BuildShardAsync(feature, plan[0], progress.Start(jobId, parts[0].Size), allowEmpty: false, idHashes: null, ct);
        plan[0].UserCount = output.Users;
        plan[0].TokenCount = output.Tokens;
        plan[0].OutputBytes = output.Bytes;
        await FinishAsync(feature, plan, ct);
        return JobOutcome.Completed;
    }

    public async Task<ShardOutput> RunShardAsync(string jobId, ShardRecord shard, CancellationToken ct)
    {
        var feature = await db.Set<FeatureRecord>().AsNoTracking().FirstAsync(f => f.Id == jobId, ct);
        var end = shard.RangeEnd ?? (await storage.ResolveInputAsync(feature.SourceBucket, shard.SourceKey, ct))?.FirstOrDefault(o => o.Key == shard.SourceKey)?.Size;
        var meter = progress.StartShard(jobId, shard.ShardIndex, end is { } e ? e - shard.RangeStart : 0);
        var idHashes = new List<ulong>(4096);
        var output = await BuildShardAsync(feature, shard, meter, allowEmpty: true, idHashes, ct);
        await artifacts.WriteAsync(FeatureShards.UserIdHashesKey(feature, shard.ShardIndex), (stream, _) =>
        {
            UniqueUserIds.WriteHashes(stream, CollectionsMarshal.AsSpan(idHashes));
            return Task.CompletedTask;
        }, ct);
        return output;
    }

    public async Task FinishAsync(string jobId, IReadOnlyList<ShardRecord> shards, CancellationToken ct) =>
        await FinishAsync(await db.Set<FeatureRecord>().AsNoTracking().FirstAsync(f => f.Id == jobId, ct), shards, ct);

    private async Task<ShardOutput> BuildShardAsync(FeatureRecord feature, ShardRecord shard, ProgressMeter meter, bool allowEmpty,
        List<ulong>? idHashes, CancellationToken ct)
    {
        var encoder = await encoders.ForAsync(feature.TenantId, feature.ModelName, ct);
        var part = new DatasetPart($"{feature.SourceBucket}/{shard.SourceKey}@{shard.RangeStart}", () => OpenShard(feature.SourceBucket, shard, meter));
        long users = 0, tokens = 0;
        var limit = await quota.LimitWritesAsync(feature.TenantId, ct);
        var bytes = await artifacts.WriteAsync(ArtifactKeys.FeatureShard(feature.TenantId, feature.Id, shard.ShardIndex), (stream, token) =>
        {
            using var writer = new FeatureSetWriter(limit(stream), encoder, leaveOpen: true);
            try
            {
                foreach (var user in SequenceDatasetReader.Read([part], options.Value.Limits.Dataset))
                {
                    token.ThrowIfCancellationRequested();
                    writer.Write(user);
                    idHashes?.Add(UniqueUserIds.Hash(user.UserId));
                }
            }
            catch (DatasetException ex) when (allowEmpty && ex.FailMessage == FailMessages.NotExistFile)
            {
                // An empty part or a range inside one long line: the finishing step judges the dataset as a whole.
            }
            writer.Complete();
            users = writer.UserCount;
            tokens = writer.ReportedTokenCount;
            return Task.CompletedTask;
        }, ct);
        return new ShardOutput(users, tokens, bytes);
    }

    /// <summary>The shard's bytes as stored (compressed or not), counted for the job's progress below the parsing.</summary>
    private Stream OpenShard(string bucket, ShardRecord shard, ProgressMeter meter)
    {
        if (shard.RangeStart == 0 && shard.RangeEnd is null) return meter.Count(storage.OpenRead(bucket, shard.SourceKey));
        var inner = storage.OpenRange(bucket, shard.SourceKey, LineRangeStream.InnerOffset(shard.RangeStart), null);
        return new LineRangeStream(meter.Count(inner), shard.RangeStart, shard.RangeEnd);
    }

    /// <summary>A shard's stored user-id hashes; null when it has none (a shard completed by an earlier build).</summary>
    private ulong[]? ReadUserIdHashes(FeatureRecord feature, int shardIndex)
    {
        try
        {
            using var input = artifacts.OpenRead(FeatureShards.UserIdHashesKey(feature, shardIndex));
            return UniqueUserIds.ReadHashes(input);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private bool IsGzip(string bucket, StoredObject part)
    {
        using var head = storage.OpenRange(bucket, part.Key, 0, 2);
        Span<byte> magic = stackalloc byte[2];
        return head.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1F && magic[1] == 0x8B;
    }

    private async Task FinishAsync(FeatureRecord feature, IReadOnlyList<ShardRecord> shards, CancellationToken ct)
    {
        long users = 0, tokens = 0, bytes = 0;
        foreach (var shard in shards)
        {
            users += shard.UserCount ?? 0;
            tokens += shard.TokenCount ?? 0;
            bytes += shard.OutputBytes ?? 0;
        }
        if (users == 0) throw new JobFailedException(FailMessages.NotExistFile, "The dataset holds no user");
        if (shards.Count > 1)
        {
            UniqueUserIds.Check(
                shards.Select(s => (Func<FeatureSetReader>)(() =>
                    new FeatureSetReader(artifacts.OpenRead(ArtifactKeys.FeatureShard(feature.TenantId, feature.Id, s.ShardIndex))))).ToList(),
                shards.Select(s => (Func<ulong[]?>)(() => ReadUserIdHashes(feature, s.ShardIndex))).ToList(), ct);
            foreach (var shard in shards) await artifacts.DeleteAsync(FeatureShards.UserIdHashesKey(feature, shard.ShardIndex), ct);
        }
        await quota.EnforceAsync(feature.TenantId, ArtifactKeys.FeatureFolder(feature.TenantId, feature.Id), ct);
        await db.Set<FeatureRecord>().Where(f => f.Id == feature.Id).ExecuteUpdateAsync(s => s
            .SetProperty(f => f.UserCount, users).SetProperty(f => f.TokenCount, tokens).SetProperty(f => f.DiskUsage, bytes)
            .SetProperty(f => f.ShardCount, shards.Count), ct);
    }
}
