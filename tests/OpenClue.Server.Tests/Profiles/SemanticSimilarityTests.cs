using System.Text;
using System.Text.RegularExpressions;
using OpenClue.Server.Tests.Api;
using static OpenClue.Server.Tests.Profiles.ProfileData;

namespace OpenClue.Server.Tests.Profiles;

/// <summary>
/// Keywords that share no token with any behaviour still find the users they are about: "jedi knight, lightsaber duel"
/// against a catalogue where Star Wars fans only ever watched and bought things named otherwise.
/// </summary>
public sealed class SemanticSimilarityTests(SharedHostFixture fx) : IClassFixture<SharedHostFixture>
{
    private static readonly string[] Theme =
    [
        "watch: Star Wars Episode IV - A New Hope", "watch: The Empire Strikes Back", "buy: Darth Vader helmet replica",
        "buy: Millennium Falcon model kit", "view: Yoda plush toy", "buy: stormtrooper costume", "watch: The Mandalorian season 2",
        "view: Chewbacca coffee mug", "watch: Rogue One", "buy: X-wing fighter LEGO set",
    ];

    private static readonly string[] Everyday =
    [
        "buy: rice cooker", "view: yoga mat", "watch: Notting Hill", "watch: Sleepless in Seattle", "buy: garden hose",
        "view: office chair", "watch: Pride and Prejudice", "buy: coffee beans 1kg", "view: running shoes", "watch: The Notebook",
        "buy: dog food", "view: desk lamp", "watch: Mamma Mia", "buy: kitchen towels", "view: winter coat", "watch: Love Actually",
        "buy: shampoo", "view: baby stroller", "watch: Bridget Jones's Diary", "buy: olive oil", "view: bath towel set",
        "watch: The Great British Bake Off", "buy: laundry detergent", "view: rain boots",
    ];

    [Fact]
    public async Task Users_of_a_theme_rank_first_for_keywords_that_name_none_of_their_behaviours()
    {
        const string keywords = "jedi knight\nlightsaber duel";
        var keywordTokens = Tokens(keywords);
        Assert.All(Theme.Concat(Everyday), b => Assert.Empty(Tokens(b).Intersect(keywordTokens))); // nothing to match exactly

        var random = new Random(11);
        var text = new StringBuilder();
        var fans = new List<bool>();
        for (int u = 0; u < 300; u++)
        {
            bool fan = random.NextDouble() < 0.25;
            var behaviors = Enumerable.Range(0, random.Next(8, 16)).Select(_ => Everyday[random.Next(Everyday.Length)]).ToList();
            if (fan)
                for (int k = random.Next(2, 5); k > 0; k--) behaviors.Insert(random.Next(behaviors.Count + 1), Theme[random.Next(Theme.Length)]);
            fans.Add(fan);
            text.Append($"user{u:D4}\t").AppendJoin("->", behaviors).Append('\n');
        }
        File.WriteAllText(Path.Combine(fx.Host.Bucket("semantic"), "seq.tsv"), text.ToString());
        var feature = await ApiData.CreateCompletedFeatureAsync(fx.Client, "semantic", "seq.tsv");

        var (_, last) = await CreateCompletedCustomAsync(fx.Client, feature, keywords, "semantic", "out/");
        var result = ReadResult(Path.Combine(fx.Host.Bucket("semantic"), last.Field("result_file_path")));
        Assert.Equal(300, result.Count);
        var auroc = Auroc(result.Select(r => r.Similarity).ToList(), fans);
        Assert.True(auroc >= 0.8, $"AUROC {auroc:F3}");
        // The very top is all fans.
        var top = result.Select((r, i) => (r.Similarity, Fan: fans[i])).OrderByDescending(x => x.Similarity).Take(20);
        Assert.All(top, x => Assert.True(x.Fan));
    }

    private static HashSet<string> Tokens(string text) =>
        Regex.Split(text.ToLowerInvariant(), @"[^\p{L}\p{N}]+").Where(t => t.Length > 0).ToHashSet();
}
