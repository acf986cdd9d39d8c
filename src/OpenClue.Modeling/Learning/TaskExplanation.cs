using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// The linear model's strongest sparse weights, top <see cref="TaskTrainer.TopFeatures"/> of each sign, named from the
/// feature files' names tables: kind <c>behavior</c>/<c>token</c>, "(recent)" for the recent kinds; action×token ids are
/// not named and not listed.
/// </summary>
internal static class TaskExplanation
{
    public static (List<FeatureWeight> Positive, List<FeatureWeight> Negative) Explain(LinearDesign design, double[] linear,
        IReadOnlyDictionary<uint, string> names)
    {
        var all = new List<(uint Id, double W)>();
        for (int j = 0; j < design.SparseColumns; j++)
            if (SparseFeatures.KindOf(design.ColumnIds[j]) < SparseFeatures.KindActionToken) all.Add((design.ColumnIds[j], linear[j]));
        FeatureWeight Name((uint Id, double W) e)
        {
            int kind = SparseFeatures.KindOf(e.Id);
            bool token = (kind & 1) == 0;
            string name = names.TryGetValue(SparseFeatures.NameKey(e.Id), out string? known) ? known : $"#{e.Id & SparseFeatures.HashMask:x6}";
            if (kind >= 2) name += " (recent)";
            return new FeatureWeight(token ? "token" : "behavior", name, Math.Round(e.W, 6));
        }
        var positive = all.Where(e => e.W > 0).OrderByDescending(e => e.W).ThenBy(e => e.Id).Take(TaskTrainer.TopFeatures).Select(Name).ToList();
        var negative = all.Where(e => e.W < 0).OrderBy(e => e.W).ThenBy(e => e.Id).Take(TaskTrainer.TopFeatures).Select(Name).ToList();
        return (positive, negative);
    }
}
