using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>Writes a task run's scores (D19).</summary>
public static class TaskScorer
{
    /// <summary>Users decoded and scored per batch.</summary>
    internal const int BatchUsers = 256;

    /// <summary>
    /// One line per user of <paramref name="features"/>, in its order: <c>user_id\tprobability</c> with 6 decimals
    /// (invariant culture), <c>\n</c>. Throws <see cref="InvalidOperationException"/> when the feature set was built with
    /// another NCLUE model than the task's (D13). Returns the number of lines. The feature names are not read
    /// (<see cref="FeatureSetReader.SkipFeatureNames"/> is set).
    /// <para>The feature set (version 2; version 1 is refused) is read in batches on the calling thread, which also
    /// writes; the batches are scored on up to <paramref name="maxParallelism"/> thread-pool threads (default: one per
    /// core) and written in order, so the output does not depend on the parallelism.</para>
    /// </summary>
    public static long WriteScores(FeatureSetReader features, ITaskModel model, Stream output, CancellationToken ct, int maxParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(output);
        var m = model as TaskModel ?? throw new ArgumentException("Unknown task model implementation.", nameof(model));
        if (features.ModelName != m.FeatureModelName || features.Dimension != m.Dimension)
            throw new InvalidOperationException($"The task was trained on '{m.FeatureModelName}' features, not '{features.ModelName}'.");
        PreparedTaskModel prepared = m.Prepared;
        features.SkipFeatureNames = true;
        int workers = maxParallelism > 0 ? maxParallelism : Environment.ProcessorCount;
        return workers <= 1 ? WriteSerial(features, prepared, output, ct) : WriteParallel(features, prepared, output, workers, ct);
    }

    private static long WriteSerial(FeatureSetReader features, PreparedTaskModel model, Stream output, CancellationToken ct)
    {
        var batch = new ScoredBatch(model);
        long count = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (features.ReadBatch(batch.Features) == 0) return count;
            batch.Score();
            output.Write(batch.Text, 0, batch.TextLength);
            count += batch.Features.Count;
        }
    }

    /// <summary>Reads on this thread while up to <paramref name="workers"/> batches are scored; writes them in reading order.</summary>
    private static long WriteParallel(FeatureSetReader features, PreparedTaskModel model, Stream output, int workers, CancellationToken ct)
    {
        var inFlight = new Queue<(ScoredBatch Batch, Task Scoring)>();
        var idle = new Stack<ScoredBatch>();
        long count = 0;
        try
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (inFlight.Count > workers) count += WriteOldest(inFlight, idle, output);
                ScoredBatch batch = idle.Count > 0 ? idle.Pop() : new ScoredBatch(model);
                if (features.ReadBatch(batch.Features) == 0) break;
                inFlight.Enqueue((batch, Task.Run(batch.Score, ct)));
            }
            while (inFlight.Count > 0) count += WriteOldest(inFlight, idle, output);
            return count;
        }
        catch
        {
            // Let the batches still being scored finish before their buffers are dropped; the first error is the one thrown.
            foreach ((ScoredBatch _, Task scoring) in inFlight)
            {
                try { scoring.Wait(CancellationToken.None); }
                catch (AggregateException) { }
            }
            throw;
        }
    }

    private static int WriteOldest(Queue<(ScoredBatch Batch, Task Scoring)> inFlight, Stack<ScoredBatch> idle, Stream output)
    {
        (ScoredBatch batch, Task scoring) = inFlight.Dequeue();
        try
        {
            scoring.GetAwaiter().GetResult();
        }
        catch
        {
            idle.Push(batch); // not in flight any more: the catch in WriteParallel waits only for the others
            throw;
        }
        output.Write(batch.Text, 0, batch.TextLength);
        idle.Push(batch);
        return batch.Features.Count;
    }

    /// <summary>A batch of users, their scores and the result lines, reused from batch to batch.</summary>
    private sealed class ScoredBatch(PreparedTaskModel model)
    {
        private readonly float[] _dense = new float[model.Dimension];
        private readonly double[] _sparse = new double[BatchUsers];
        public readonly FeatureBatch Features = new(model.Dimension, BatchUsers) { SkipSparse = !model.UsesSparse };
        public byte[] Text = new byte[BatchUsers * 32];
        public int TextLength;

        public void Score()
        {
            FeatureBatch batch = Features;
            Span<double> sparse = _sparse.AsSpan(0, batch.Count);
            if (model.UsesSparse) model.SparseDecisions(batch, sparse);
            else sparse.Clear();
            int used = 0;
            for (int u = 0; u < batch.Count; u++)
            {
                ReadOnlySpan<byte> id = batch.UserIdUtf8(u);
                if (Text.Length - used < id.Length + ScoreText.MaxBytes + 2)
                    Array.Resize(ref Text, Math.Max(Text.Length * 2, used + id.Length + ScoreText.MaxBytes + 2));
                id.CopyTo(Text.AsSpan(used));
                used += id.Length;
                used += WriteScore(model.Probability(batch, u, _dense, sparse[u]), Text.AsSpan(used));
            }
            TextLength = used;
        }

        /// <summary><c>\t</c>, the probability clamped to [0, 1] with 6 decimals, <c>\n</c>.</summary>
        public static int WriteScore(double probability, Span<byte> destination)
        {
            destination[0] = (byte)'\t';
            int n = 1 + ScoreText.WriteF6(Math.Clamp(probability, 0, 1), destination[1..]);
            destination[n] = (byte)'\n';
            return n + 1;
        }
    }
}
