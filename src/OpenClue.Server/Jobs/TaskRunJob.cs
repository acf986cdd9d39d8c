using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;
using OpenClue.Server.Artifacts;
using OpenClue.Server.Hosting;
using OpenClue.Server.Persistence;
using OpenClue.Server.Storage;

namespace OpenClue.Server.Jobs;

/// <summary>Scores every user of a feature set with a task's model and publishes the TSV of D19 atomically.</summary>
public sealed class TaskRunJob(OpenClueDbContext db, IObjectStorage storage, IArtifactStore artifacts, TimeZoneClock clock) : IJobHandler
{
    public string Kind => JobKinds.TaskRun;

    public async Task RunAsync(string jobId, CancellationToken ct)
    {
        var run = await db.TaskRuns.AsNoTracking().FirstAsync(r => r.Id == jobId, ct);
        if (run.ResultKey is null)
        {
            // Fixed at the first start and kept across retries (D19).
            var key = ResultFileName.Create(run.ResultFilePath, ResultFileName.NewRandom(), clock.ToLocal(clock.Now()));
            await db.TaskRuns.Where(r => r.Id == jobId && r.ResultKey == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ResultKey, key), ct);
            run = await db.TaskRuns.AsNoTracking().FirstAsync(r => r.Id == jobId, ct);
        }

        LinearModel model;
        await using (var modelStream = artifacts.OpenRead(ArtifactKeys.TaskModel(run.TenantId, run.TaskId)))
        {
            using var buffer = new MemoryStream();
            await modelStream.CopyToAsync(buffer, ct);
            model = LinearModel.Deserialize(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }

        long lines = 0;
        await storage.PublishAsync(run.ResultBucket, run.ResultKey!, (output, token) =>
        {
            using var reader = new FeatureSetReader(artifacts.OpenRead(ArtifactKeys.Feature(run.TenantId, run.FeatureId)));
            lines = WriteScores(reader, model, output, token);
            return Task.CompletedTask;
        }, ct);
        await db.TaskRuns.Where(r => r.Id == jobId).ExecuteUpdateAsync(s => s.SetProperty(r => r.LineCount, lines), ct);
    }

    /// <summary>Writes <c>user_id\tscore\n</c> per user, score with 6 decimals, in the feature's order.</summary>
    public static long WriteScores(FeatureSetReader reader, LinearModel model, Stream output, CancellationToken ct)
    {
        var vector = new float[reader.Dimension];
        var line = new ArrayBufferWriter<byte>(256);
        Span<byte> number = stackalloc byte[32];
        long count = 0;
        while (reader.TryRead(out var userId, vector))
        {
            if ((count & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            var score = Math.Clamp(model.Score(vector), 0f, 1f);
            line.ResetWrittenCount();
            Encoding.UTF8.GetBytes(userId, line);
            line.Write("\t"u8);
            ((double)score).TryFormat(number, out var written, "F6", CultureInfo.InvariantCulture);
            line.Write(number[..written]);
            line.Write("\n"u8);
            output.Write(line.WrittenSpan);
            count++;
        }
        return count;
    }
}
