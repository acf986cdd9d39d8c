using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Tests;

/// <summary>
/// The item kind (<see cref="SparseFeatures.KindItem"/>): a whole behaviour keyed without its purely numeric tokens, so
/// the ratings of one film at different stars share one id (MODELING.md, "Item ids (session 6)").
/// </summary>
public class ItemIdTests
{
    /// <summary>Each user's sparse ids of <paramref name="kind"/> with their counts, in feature order.</summary>
    private static List<Dictionary<uint, int>> IdsOfKind(int kind, params string[][] users)
    {
        byte[] bytes = Synthetic.Features(BehaviorEncoders.FindBuiltIn("oc-hash-1")!,
            users.Select((b, i) => ($"u{i}", b.ToList(), (byte)0)));
        using var reader = new FeatureSetReader(new MemoryStream(bytes));
        var record = new UserFeatures();
        var result = new List<Dictionary<uint, int>>();
        while (reader.TryRead(record))
        {
            var ids = new Dictionary<uint, int>();
            for (int k = 0; k < record.SparseLength; k++)
                if (SparseFeatures.KindOf(record.SparseIds[k]) == kind) ids[record.SparseIds[k]] = record.SparseCounts[k];
            result.Add(ids);
        }
        return result;
    }

    [Fact]
    public void Ratings_of_one_film_at_different_stars_share_one_item_id()
    {
        string[] user = ["rate 4.5: Bambi (1942) | Animation Children", "rate 3: Bambi (1942) | Animation Children", "rate 4: Heat (1995) | Crime"];
        Dictionary<uint, int> items = IdsOfKind(SparseFeatures.KindItem, user)[0];
        Dictionary<uint, int> behaviors = IdsOfKind(SparseFeatures.KindBehavior, user)[0];
        Assert.Equal(3, behaviors.Count); // the whole behaviours stay apart
        Assert.Equal([1, 2], items.Values.Order()); // Heat once, Bambi twice under one id
    }

    [Fact]
    public void Item_ids_agree_across_users_and_differ_by_any_word()
    {
        List<Dictionary<uint, int>> items = IdsOfKind(SparseFeatures.KindItem,
            ["rate 5: Bambi (1942)"], ["rate 1: Bambi (1942)"], ["rate 5: Bambi II (1942)"], ["tag 5: Bambi (1942)"]);
        Assert.Single(items[0]);
        Assert.Equal(items[0].Keys, items[1].Keys);
        Assert.NotEqual(items[0].Keys.Single(), items[2].Keys.Single());
        Assert.NotEqual(items[0].Keys.Single(), items[3].Keys.Single());
    }

    [Fact]
    public void Behaviours_without_a_number_or_with_numbers_only_have_no_item_id()
    {
        // Without a numeric token the whole-behaviour id already is the item key; numbers alone leave nothing to key.
        List<Dictionary<uint, int>> items = IdsOfKind(SparseFeatures.KindItem, ["click: montbell jacket", "login", "2024", "4.5"]);
        Assert.Empty(items[0]);
    }
}
