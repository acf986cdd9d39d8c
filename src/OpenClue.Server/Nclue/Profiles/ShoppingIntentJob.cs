using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;
using OpenClue.Modeling.Profiles;
using OpenClue.Server.Nclue.Features;
using OpenClue.Server.Platform.Artifacts;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>
/// Profiles a task's target group (D21): scores every user of the task's feature with the task's model, takes the top
/// decile, and counts which behaviours and tokens it over-indexes on (<see cref="IntentProfiler"/>). The TSV is written
/// to the artifact store (atomically) and counted in the tenant's quota (D22).
/// </summary>
public sealed class ShoppingIntentJob(OpenClueDbContext db, IArtifactStore artifacts, StorageQuota quota) : IJobHandler
{
    private const int BatchUsers = 256;

    public string Kind => ProfilesModule.ShoppingIntentKind;

    public async Task<JobOutcome> RunAsync(string jobId, CancellationToken ct)
    {
        var profile = await db.Set<ShoppingIntentProfileRecord>().AsNoTracking().FirstAsync(p => p.Id == jobId, ct);
        var feature = await db.Set<FeatureRecord>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == profile.FeatureId, ct)
            ?? throw new JobFailedException(FailMessages.CommonError, $"Feature {profile.FeatureId} of task {profile.TaskId} no longer exists");
        var model = await LoadModelAsync(profile, ct);
        var shards = FeatureShards.Readers(artifacts, feature);

        var scores = new List<float>();
        foreach (var open in shards)
        {
            using var reader = open();
            using var text = new MemoryStream();
            TaskScorer.WriteScores(reader, model, text, ct);
            ReadScores(text, scores);
        }

        var profiler = new IntentProfiler(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scores));
        var names = new Dictionary<uint, string>();
        foreach (var open in shards)
        {
            using var reader = open();
            var batch = new FeatureBatch(reader.Dimension, BatchUsers);
            while (reader.ReadBatch(batch) > 0)
            {
                ct.ThrowIfCancellationRequested();
                profiler.Add(batch);
            }
            foreach (var (id, name) in reader.FeatureNames) names.TryAdd(id, name);
        }
        var tsv = Encoding.UTF8.GetBytes(IntentProfiler.ToTsv(profiler.Rows(names)));

        var key = ProfileArtifacts.ShoppingIntent(profile.TenantId, profile.Id);
        var bytes = await artifacts.WriteAsync(key, (output, token) => output.WriteAsync(tsv, token).AsTask(), ct);
        await quota.EnforceAsync(profile.TenantId, key, ct);
        await db.Set<ShoppingIntentProfileRecord>().Where(p => p.Id == jobId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.LineCount, scores.Count).SetProperty(p => p.DiskUsage, bytes), ct);
        return JobOutcome.Completed;
    }

    /// <summary>The probabilities of <c>user_id\tp</c> lines, in order.</summary>
    private static void ReadScores(MemoryStream text, List<float> scores)
    {
        text.Position = 0;
        using var lines = new StreamReader(text, Encoding.UTF8);
        while (lines.ReadLine() is { } line)
        {
            int tab = line.LastIndexOf('\t');
            scores.Add(float.Parse(line.AsSpan(tab + 1), NumberStyles.Float, CultureInfo.InvariantCulture));
        }
    }

    private async Task<ITaskModel> LoadModelAsync(ShoppingIntentProfileRecord profile, CancellationToken ct)
    {
        await using var input = artifacts.OpenRead(ArtifactKeys.TaskModel(profile.TenantId, profile.TaskId));
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, ct);
        return TaskModels.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }
}
