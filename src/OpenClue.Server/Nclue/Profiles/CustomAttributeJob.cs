using Microsoft.EntityFrameworkCore;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Profiles;
using OpenClue.Server.Nclue.Features;
using OpenClue.Server.Nclue.TaskRuns;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>
/// Scores every user of a feature against a keyword set (<see cref="AttributeScorer"/>) and publishes the TSV of D19
/// atomically to the customer's bucket. Two passes over the feature's shards: the first counts document frequencies and
/// reads the behaviour texts, the second scores users in the feature's order. Idempotent: the result name is fixed at
/// the first start (D19) and the publish replaces leftovers of a crashed attempt (D20).
/// </summary>
public sealed class CustomAttributeJob(OpenClueDbContext db, IObjectStorage storage, IArtifactStore artifacts, BehaviorEmbeddings embeddings,
    TimeZoneClock clock) : IJobHandler
{
    private const int BatchUsers = 256;

    public string Kind => ProfilesModule.CustomAttributesKind;

    public async Task<JobOutcome> RunAsync(string jobId, CancellationToken ct)
    {
        var profile = await FixResultKeyAsync(jobId, ct);
        var feature = await db.Set<FeatureRecord>().AsNoTracking().FirstAsync(f => f.Id == profile.FeatureId, ct);
        var shards = FeatureShards.Readers(artifacts, feature);

        var vocabulary = new FeatureVocabulary();
        foreach (var open in shards)
        {
            using var reader = open();
            var batch = new FeatureBatch(reader.Dimension, BatchUsers);
            while (reader.ReadBatch(batch) > 0)
            {
                ct.ThrowIfCancellationRequested();
                vocabulary.Add(batch);
            }
            vocabulary.AddNames(reader.FeatureNames);
        }

        var keywords = StoredKeywords.Split(profile.KeywordSet);
        var similarities = await embeddings.SimilaritiesAsync(feature, vocabulary, keywords, ct);
        var scorer = new AttributeScorer(similarities, vocabulary, KeywordSet.FromStored(keywords).TokenKeys(), ProfileScoring.Default);

        long lines = 0;
        await storage.PublishAsync(profile.ResultBucket, profile.ResultKey!, async (output, token) =>
        {
            var text = new byte[BatchUsers * 48];
            foreach (var open in shards)
            {
                using var reader = open();
                reader.SkipFeatureNames = true;
                var batch = new FeatureBatch(reader.Dimension, BatchUsers);
                while (reader.ReadBatch(batch) > 0)
                {
                    token.ThrowIfCancellationRequested();
                    int length = scorer.WriteLines(batch, ref text);
                    await output.WriteAsync(text.AsMemory(0, length), token);
                    lines += batch.Count;
                }
            }
        }, ct);
        await db.Set<CustomAttributeProfileRecord>().Where(p => p.Id == jobId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LineCount, lines), ct);
        return JobOutcome.Completed;
    }

    /// <summary>The result object's name is fixed at the first start and kept across retries (D19).</summary>
    private async Task<CustomAttributeProfileRecord> FixResultKeyAsync(string jobId, CancellationToken ct)
    {
        var profiles = db.Set<CustomAttributeProfileRecord>();
        var profile = await profiles.AsNoTracking().FirstAsync(p => p.Id == jobId, ct);
        if (profile.ResultKey is not null) return profile;
        var key = ResultFileName.Create(profile.ResultFilePath, ResultFileName.NewRandom(), clock.ToLocal(clock.Now()));
        await profiles.Where(p => p.Id == jobId && p.ResultKey == null).ExecuteUpdateAsync(s => s.SetProperty(p => p.ResultKey, key), ct);
        return await profiles.AsNoTracking().FirstAsync(p => p.Id == jobId, ct);
    }
}
