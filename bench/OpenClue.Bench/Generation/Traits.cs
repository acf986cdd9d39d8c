namespace OpenClue.Bench.Generation;

/// <summary>A planted trait: who has it (latent, drawn per user), how it shows in the behaviours, how noisy its labels are.</summary>
/// <param name="MeanOverhead">Behaviours the planting adds per user on average (measured), so the requested mean length holds.</param>
public sealed record TraitSpec(string Name, string Description, double BaseRate, double FlipRate, double DecoyRate, string DecoyDescription,
    double MeanOverhead);

public static class Traits
{
    public const string RareItems = "rare_items";
    public const string Category = "category";
    public const string Recency = "recency";
    public const string SharedToken = "shared_token";

    public static readonly TraitSpec[] All =
    [
        new(RareItems,
            "Interacted (view, then maybe click/buy) with 1-2 of 150 specific long-tail item ids from various categories; " +
            "only the item id and the exact behaviour identify them (their words are common).",
            BaseRate: 0.12, FlipRate: 0.03, DecoyRate: 0.03,
            "negatives who touch one of those items once (view only)", MeanOverhead: 0.9),
        new(Category,
            "Running-shoes enthusiast: an extra 8-35 % of the user's sessions are about running shoes (러닝화 / running shoes, " +
            "many distinct item ids sharing the category words), on top of natural browsing in which running shoes can be a favourite.",
            BaseRate: 0.20, FlipRate: 0.04, DecoyRate: 0.0,
            "none planted: negatives whose natural favourites include running shoes", MeanOverhead: 0.4),
        new(Recency,
            "Recently started buying for a baby: 1-3 baby-product sessions (유아용품: 기저귀, 분유, 유모차 …) among the user's LAST sessions. " +
            "Baby products never appear in natural browsing.",
            BaseRate: 0.15, FlipRate: 0.03, DecoyRate: 0.40,
            "negatives with the same number of baby sessions long ago (first 60 % of the history), plus 4 % of negatives with one baby session anywhere", MeanOverhead: 7.2),
        new(SharedToken,
            "Buyer of the brand 몽벨 / montbell: clicks, carts or buys 1-4 distinct montbell items (about a thousand ids across 5 categories, each rare), after comparing with a competitor's item.",
            BaseRate: 0.12, FlipRate: 0.03, DecoyRate: 0.40,
            "window shoppers who search montbell and view as many montbell behaviours, then click, cart or buy a competitor's item instead (same action counts)", MeanOverhead: 8.8),
    ];

    public static TraitSpec Find(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"Unknown trait '{name}'; known: {string.Join(", ", All.Select(t => t.Name))}.");
}
