using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Encoding;
using OpenClue.Server.Nclue.Tasks;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Nclue.Models;

/// <summary>Pretrains a tenant's NCLUE model on a behaviour corpus (self-supervised) and stores it as an artifact.</summary>
public sealed class ModelTrainingJob(OpenClueDbContext db, IObjectStorage storage, IArtifactStore artifacts, StorageQuota quota,
    IOptions<OpenClueOptions> options, ILogger<ModelTrainingJob> log) : IJobHandler
{
    public string Kind => ModelsModule.JobKind;

    public async Task<JobOutcome> RunAsync(string jobId, CancellationToken ct)
    {
        var model = await db.Set<ModelRecord>().AsNoTracking().FirstAsync(m => m.Id == jobId, ct);
        var parts = await DatasetParts.ResolveAsync(storage, model.SourceBucket, model.SourceFilePath, ct);
        // The trainer streams the corpus (possibly more than once); each enumeration re-reads the files.
        var artifact = BehaviorModelTrainer.Train(model.Name, () => SequenceDatasetReader.Read(parts, options.Value.Limits.Dataset), TaskSeeds.Of(model.Id), ct);
        var key = ArtifactKeys.Model(model.TenantId, model.Id);
        var limit = await quota.LimitWritesAsync(model.TenantId, ct);
        await artifacts.WriteAsync(key, (stream, token) => limit(stream).WriteAsync(artifact.Bytes, token).AsTask(), ct);
        await quota.EnforceAsync(model.TenantId, key, ct);
        await db.Set<ModelRecord>().Where(m => m.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Dimension, artifact.Dimension).SetProperty(m => m.VocabularySize, artifact.VocabularySize), ct);
        log.LogInformation("Model {Model}: {Dimension} dimensions, vocabulary {Vocabulary}", model.Name, artifact.Dimension, artifact.VocabularySize);
        return JobOutcome.Completed;
    }
}
