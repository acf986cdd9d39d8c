using OpenClue.Modeling.Features;
using OpenClue.Modeling.Learning;

namespace OpenClue.Server.Jobs;

/// <summary>The vectors of labelled users, gathered in one streaming pass over a feature set.</summary>
public sealed class LabelledVectors(int dimension)
{
    public TrainingSet Set { get; } = new(dimension);
    public List<string> UserIds { get; } = [];
    public List<byte> Labels { get; } = [];

    public int Count(byte label)
    {
        var n = 0;
        foreach (var l in Labels) if (l == label) n++;
        return n;
    }

    /// <summary>Streams <paramref name="reader"/> and routes each labelled user into one of the targets.</summary>
    public static void Collect(FeatureSetReader reader, params (IReadOnlyDictionary<string, byte> Labels, LabelledVectors Into)[] targets)
    {
        var vector = new float[reader.Dimension];
        while (reader.TryRead(out var userId, vector))
        {
            foreach (var (labels, into) in targets)
            {
                if (!labels.TryGetValue(userId, out var label)) continue;
                into.Set.Add(vector, label);
                into.UserIds.Add(userId);
                into.Labels.Add(label);
                break;
            }
        }
    }
}
