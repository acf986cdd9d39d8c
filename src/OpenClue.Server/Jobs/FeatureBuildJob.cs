using Microsoft.EntityFrameworkCore;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;
using OpenClue.Server.Artifacts;
using OpenClue.Server.Persistence;
using OpenClue.Server.Storage;

namespace OpenClue.Server.Jobs;

/// <summary>Reads a sequence dataset, encodes every user with the feature's NCLUE model and stores the feature set.</summary>
public sealed class FeatureBuildJob(OpenClueDbContext db, IObjectStorage storage, IArtifactStore artifacts, StorageQuota quota) : IJobHandler
{
    public string Kind => JobKinds.Feature;

    public async Task RunAsync(string jobId, CancellationToken ct)
    {
        var feature = await db.Features.AsNoTracking().FirstAsync(f => f.Id == jobId, ct);
        var encoder = BehaviorEncoders.Find(feature.ModelName)
            ?? throw new JobFailedException(FailMessages.CommonError, $"Unknown NCLUE model {feature.ModelName}");
        var parts = await DatasetParts.ResolveAsync(storage, feature.SourceBucket, feature.SourceFilePath, ct);
        var key = ArtifactKeys.Feature(feature.TenantId, feature.Id);
        long users = 0, tokens = 0;
        var size = await artifacts.WriteAsync(key, (stream, token) =>
        {
            using var writer = new FeatureSetWriter(stream, encoder.ModelName, encoder.Dimension, leaveOpen: true);
            var vector = new float[encoder.Dimension];
            foreach (var user in SequenceDatasetReader.Read(parts))
            {
                token.ThrowIfCancellationRequested();
                var kept = encoder.Encode(user.Behaviors, vector);
                writer.Write(user.UserId, vector, kept);
            }
            writer.Complete();
            users = writer.UserCount;
            tokens = writer.TokenCount;
            return Task.CompletedTask;
        }, ct);
        await quota.EnforceAsync(feature.TenantId, key, ct);
        await db.Features.Where(f => f.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(f => f.UserCount, users).SetProperty(f => f.TokenCount, tokens).SetProperty(f => f.DiskUsage, size), ct);
    }
}
