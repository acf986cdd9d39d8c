using System.Globalization;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>Writes a task run's scores (D19).</summary>
public static class TaskScorer
{
    /// <summary>
    /// One line per user of <paramref name="features"/>, in its order: <c>user_id\tprobability</c> with 6 decimals
    /// (invariant culture), <c>\n</c>. Throws <see cref="InvalidOperationException"/> when the feature set was built with
    /// another NCLUE model than the task's (D13). Returns the number of lines.
    /// </summary>
    public static long WriteScores(FeatureSetReader features, ITaskModel model, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(output);
        var m = model as TaskModel ?? throw new ArgumentException("Unknown task model implementation.", nameof(model));
        if (features.ModelName != m.FeatureModelName || features.Dimension != m.Dimension)
            throw new InvalidOperationException($"The task was trained on '{m.FeatureModelName}' features, not '{features.ModelName}'.");
        var user = new UserFeatures();
        var scratch = new float[4096];
        var buffer = new byte[64 * 1024];
        int used = 0;
        long count = 0;
        while (features.TryRead(user))
        {
            if ((count & 0xFFF) == 0) ct.ThrowIfCancellationRequested();
            double p = Math.Clamp(m.Probability(user, scratch), 0, 1);
            int need = System.Text.Encoding.UTF8.GetMaxByteCount(user.UserId.Length) + 16;
            if (buffer.Length - used < need)
            {
                output.Write(buffer, 0, used);
                used = 0;
                if (buffer.Length < need) buffer = new byte[need];
            }
            used += System.Text.Encoding.UTF8.GetBytes(user.UserId, buffer.AsSpan(used));
            buffer[used++] = (byte)'\t';
            p.TryFormat(buffer.AsSpan(used), out int written, "F6", CultureInfo.InvariantCulture);
            used += written;
            buffer[used++] = (byte)'\n';
            count++;
        }
        output.Write(buffer, 0, used);
        return count;
    }
}
