using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// Step 7 of <see cref="TaskTrainer"/>: the stored model scored on the test users — held in memory, or streamed from
/// their feature files in a second pass — and its AUROC and ROC.
/// </summary>
internal sealed class TaskEvaluation
{
    private const int MaxRocPoints = 201;

    public required double Auroc { get; init; }
    public required List<RocPoint> Roc { get; init; }
    public required int Users { get; init; }

    public static TaskEvaluation Run(TaskModel model, TaskLabelJoin joined, IReadOnlyList<Func<FeatureSetReader>> testFiles,
        IReadOnlyDictionary<string, byte>? testLabels, CancellationToken ct)
    {
        var scores = new List<float>();
        var labels = new List<byte>();
        var evaluated = new UserFeatures { Dense = new float[joined.Dimension] };
        if (joined.StreamTest)
        {
            PreparedTaskModel prepared = model.Prepared;
            var scratch = new float[joined.Dimension];
            foreach (Func<FeatureSetReader> open in testFiles)
            {
                using FeatureSetReader reader = open();
                reader.SkipFeatureNames = true;
                var user = new FeatureUserCursor(reader);
                while (user.MoveNext(ct))
                {
                    if (!testLabels!.TryGetValue(user.UserId, out byte tl)) continue;
                    scores.Add((float)user.Probability(prepared, scratch));
                    labels.Add(tl);
                }
            }
        }
        else
        {
            TaskData test = joined.Test!;
            for (int i = 0; i < test.Count; i++)
            {
                if (test.Keep is not null && !test.Keep[i]) continue;
                Load(test, i, evaluated);
                scores.Add((float)model.Probability(evaluated));
                labels.Add(test.Labels[i]);
            }
        }
        float[] s = scores.ToArray();
        byte[] y = labels.ToArray();
        return new TaskEvaluation { Auroc = Learning.Auroc.Compute(s, y), Roc = RocCurve(s, y), Users = s.Length };
    }

    private static void Load(TaskData data, int row, UserFeatures user)
    {
        if (user.Dense.Length != data.Dimension) user.Dense = new float[data.Dimension];
        data.DenseRow(row, user.Dense);
        ReadOnlySpan<uint> ids = data.IdsOf(row);
        if (user.SparseIdBuffer.Length < ids.Length)
        {
            user.SparseIdBuffer = new uint[ids.Length];
            user.SparseCountBuffer = new byte[ids.Length];
        }
        ids.CopyTo(user.SparseIdBuffer);
        data.CountsOf(row).CopyTo(user.SparseCountBuffer);
        user.SparseLength = ids.Length;
        user.UserId = data.UserIds[row];
    }

    /// <summary>ROC from (0,0) to (1,1): one point per distinct score (descending), thinned to at most 201 points.</summary>
    internal static List<RocPoint> RocCurve(float[] scores, byte[] labels)
    {
        int n = scores.Length;
        var order = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        int positives = labels.Count(l => l == 1), negatives = n - positives;
        var points = new List<RocPoint> { new(0, 0, 1) };
        int tp = 0, fp = 0;
        for (int k = 0; k < n;)
        {
            float t = scores[order[k]];
            while (k < n && scores[order[k]] == t) { if (labels[order[k]] == 1) tp++; else fp++; k++; }
            points.Add(new RocPoint((double)fp / negatives, (double)tp / positives, Math.Round(t, 6)));
        }
        if (points[^1].Fpr != 1 || points[^1].Tpr != 1) points.Add(new RocPoint(1, 1, 0));
        if (points.Count <= MaxRocPoints) return points;
        var thinned = new List<RocPoint>(MaxRocPoints);
        for (int i = 0; i < MaxRocPoints; i++) thinned.Add(points[(int)((long)i * (points.Count - 1) / (MaxRocPoints - 1))]);
        return thinned;
    }
}
