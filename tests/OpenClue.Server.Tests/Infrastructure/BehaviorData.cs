using System.Text;

namespace OpenClue.Server.Tests.Infrastructure;

/// <summary>
/// A seeded synthetic behaviour log with a planted trait: positives are likelier to have bought from a
/// "protein" category (several items sharing tokens), with noise on both sides, so AUROC is high but not 1.
/// </summary>
public sealed class BehaviorData
{
    public required List<(string UserId, List<string> Behaviors, byte Label)> Users { get; init; }

    public static BehaviorData Generate(int users, int seed, string idPrefix = "u")
    {
        var random = new Random(seed);
        string[] verbs = ["search: ", "click: ", "view: ", "buy: "];
        string[] words = ["dog food", "kibble 2kg", "chew toy", "운동화", "노트북 가방", "コーヒー豆", "smartphone case", "desk lamp", "yoga mat", "rice cooker"];
        string[] trait = ["protein powder", "whey protein 1kg", "protein bar box", "단백질 쉐이크"];
        var list = new List<(string, List<string>, byte)>(users);
        for (var u = 0; u < users; u++)
        {
            var positive = random.NextDouble() < 0.4;
            var count = random.Next(3, 30);
            var behaviors = new List<string>(count + 2);
            for (var i = 0; i < count; i++)
                behaviors.Add(verbs[random.Next(verbs.Length)] + words[random.Next(words.Length)] + (random.Next(4) == 0 ? $" sku-{random.Next(500)}" : ""));
            if (positive ? random.NextDouble() < 0.75 : random.NextDouble() < 0.1)
                behaviors.Insert(random.Next(behaviors.Count + 1), verbs[random.Next(verbs.Length)] + trait[random.Next(trait.Length)]);
            list.Add(($"{idPrefix}{u:D6}", behaviors, (byte)(positive ? 1 : 0)));
        }
        return new BehaviorData { Users = list };
    }

    public void WriteSequences(string path)
    {
        var text = new StringBuilder();
        foreach (var (id, behaviors, _) in Users) text.Append(id).Append('\t').AppendJoin("->", behaviors).Append('\n');
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString());
    }

    public void WriteLabels(string path, int from, int count)
    {
        var text = new StringBuilder();
        foreach (var (id, _, label) in Users.Skip(from).Take(count)) text.Append(id).Append('\t').Append(label).Append('\n');
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString());
    }
}
