using System.Text;

namespace OpenClue.Cli.Demo;

/// <summary>
/// A seeded sample of shoppers' behaviour logs with a planted trait: about a third of the users are runners (label 1),
/// and runners are likelier to search, view and buy running gear among their everyday behaviours. Signal and noise
/// on both sides keep the AUROC high but short of 1, as with real data.
/// </summary>
internal sealed class DemoDataset
{
    private static readonly string[] Verbs = ["search: ", "view: ", "click: ", "cart: ", "buy: "];

    private static readonly string[] Everyday =
    [
        "dog food", "kibble 2kg", "cat litter", "rice cooker", "air fryer", "desk lamp", "noise cancelling headphones",
        "smartphone case", "usb-c charger", "laptop stand", "coffee beans", "green tea", "instant ramen", "kimchi 1kg",
        "baby wipes", "diapers size 4", "sunscreen spf50", "lip balm", "face mask sheet", "winter coat", "linen shirt",
        "jeans slim fit", "umbrella", "travel adapter", "flight to jeju", "hotel in busan", "board game", "mystery novel",
        "운동화 세일", "노트북 가방", "제주도 항공권", "コーヒー豆", "東京 ホテル", "ワイヤレスイヤホン",
    ];

    private static readonly string[] Running =
    [
        "running shoes", "marathon training plan", "gps running watch", "energy gel 12 pack", "running socks",
        "foam roller", "compression tights", "half marathon registration", "러닝화", "마라톤 대회 신청", "ランニングシューズ",
    ];

    public required IReadOnlyList<(string UserId, IReadOnlyList<string> Behaviors, int Label)> Users { get; init; }

    public static DemoDataset Generate(int users, int seed)
    {
        var random = new Random(seed);
        var list = new List<(string, IReadOnlyList<string>, int)>(users);
        for (var u = 0; u < users; u++)
        {
            var runner = random.NextDouble() < 0.35;
            var behaviors = new List<string>();
            for (var i = random.Next(5, 40); i > 0; i--) behaviors.Add(Pick(random, Verbs) + Pick(random, Everyday));
            var signals = runner ? (random.NextDouble() < 0.8 ? random.Next(1, 4) : 0) : (random.NextDouble() < 0.12 ? 1 : 0);
            for (var i = 0; i < signals; i++)
                behaviors.Insert(random.Next(behaviors.Count + 1), Pick(random, Verbs) + Pick(random, Running));
            list.Add(($"member{u + 1:D5}", behaviors, runner ? 1 : 0));
        }
        return new DemoDataset { Users = list };
    }

    /// <summary>The sequence dataset: <c>user_id&lt;TAB&gt;behaviour-&gt;behaviour…</c>, oldest first.</summary>
    public void WriteSequences(string path) =>
        Write(path, Users.Select(u => $"{u.UserId}\t{string.Join("->", u.Behaviors)}"));

    /// <summary>The label file: <c>user_id&lt;TAB&gt;0|1</c> for every user.</summary>
    public void WriteLabels(string path) => Write(path, Users.Select(u => $"{u.UserId}\t{u.Label}"));

    private static void Write(string path, IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines) text.Append(line).Append('\n');
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];
}
