namespace OpenClue.Bench.Generation;

/// <summary>One product of the synthetic shop.</summary>
public sealed record Item(int Id, int Category, int Rank, Term Brand, Term Product, bool Korean, string Text);

/// <summary>
/// The synthetic catalogue: categories of varied size, items with Korean or English names, Zipf popularity inside
/// each category (rank 1 most viewed), plus the planted item sets of the traits (rare long-tail ids; the shared brand).
/// Built from the seed alone.
/// </summary>
public sealed class Catalog
{
    public const double ItemZipfExponent = 1.07;
    public const double CategoryZipfExponent = 0.7;

    public Category[] Categories { get; } = Vocabulary.Categories;
    public Item[] Items { get; }
    /// <summary>Items of each category, by popularity rank.</summary>
    public int[][] ByCategory { get; }
    /// <summary>Cumulative Zipf weights over <see cref="ByCategory"/>.</summary>
    public double[][] CategoryItemCdf { get; }
    /// <summary>Natural browsing weight of each category (the baby category has none).</summary>
    public double[] CategoryWeights { get; }
    public double[] CategoryCdf { get; }
    /// <summary>Behaviour strings, [action][item]: "view: item 48213 나이키 에어 줌 러닝화 270mm".</summary>
    public string[][] ItemBehaviors { get; }

    public int RunningShoes { get; }
    public int Baby { get; }
    /// <summary>The long-tail items behind the <c>rare_items</c> trait.</summary>
    public int[] RareItems { get; }
    /// <summary>Every item of the shared brand (each one rare), behind the <c>shared_token</c> trait.</summary>
    public int[] SharedBrandItems { get; }

    public Catalog(ulong seed, int itemCount, int rareItemCount = 150)
    {
        var rng = Rng.For(seed, 0xCA7A106, 0);
        int c = Categories.Length;
        RunningShoes = Array.FindIndex(Categories, k => k.Key == Vocabulary.RunningShoes);
        Baby = Array.FindIndex(Categories, k => k.Key == Vocabulary.Baby);

        // Category popularity: a Zipf law over a seeded order.
        var order = Enumerable.Range(0, c).OrderBy(_ => rng.NextU64()).ToArray();
        CategoryWeights = new double[c];
        for (int r = 0; r < c; r++) CategoryWeights[order[r]] = 1.0 / Math.Pow(r + 1, CategoryZipfExponent);
        // The trait categories sit mid-pack so they are neither dominant nor absent.
        CategoryWeights[RunningShoes] = 1.0 / Math.Pow(6, CategoryZipfExponent);
        CategoryWeights[Baby] = 0;
        CategoryCdf = Cumulative(CategoryWeights);

        // Category sizes: proportional to sqrt(popularity) with noise, at least 60 items each.
        var share = new double[c];
        for (int k = 0; k < c; k++) share[k] = Math.Sqrt(Math.Max(CategoryWeights[k], 0.15)) * rng.Uniform(0.7, 1.3);
        double total = share.Sum();
        var sizes = share.Select(s => Math.Max(60, (int)(itemCount * s / total))).ToArray();

        // Unique item ids: 5 to 7 digits, shuffled.
        int n = sizes.Sum();
        var ids = new HashSet<int>();
        while (ids.Count < n) ids.Add(rng.Between(10_000, 9_999_999));
        var idList = ids.ToArray();

        var sharedCategories = Vocabulary.SharedBrandCategories.Select(key => Array.FindIndex(Categories, k => k.Key == key)).ToHashSet();
        Items = new Item[n];
        ByCategory = new int[c][];
        CategoryItemCdf = new double[c][];
        var shared = new List<int>();
        int next = 0;
        for (int k = 0; k < c; k++)
        {
            var cat = Categories[k];
            ByCategory[k] = new int[sizes[k]];
            var weights = new double[sizes[k]];
            for (int r = 0; r < sizes[k]; r++)
            {
                // The shared brand: ~10 % of the items of its categories, all in the long tail (rank beyond 20 %).
                bool sharedBrand = sharedCategories.Contains(k) && r > sizes[k] / 5 && rng.Chance(0.12);
                var brand = sharedBrand ? Vocabulary.SharedBrand : rng.Pick(cat.Brands);
                var product = rng.Pick(cat.Products);
                bool korean = rng.Chance(0.6);
                int id = idList[next];
                Items[next] = new Item(id, k, r + 1, brand, product, korean, ItemText(ref rng, id, cat, brand, product, korean));
                if (sharedBrand) shared.Add(next);
                ByCategory[k][r] = next;
                weights[r] = 1.0 / Math.Pow(r + 1, ItemZipfExponent);
                next++;
            }
            CategoryItemCdf[k] = Cumulative(weights);
        }
        SharedBrandItems = [.. shared];

        // Rare items: long-tail ranks (30 %-95 % of their category) of natural categories, not of the shared brand.
        var rare = new HashSet<int>();
        while (rare.Count < rareItemCount)
        {
            int k = rng.FromCdf(CategoryCdf);
            int r = rng.Between(sizes[k] * 3 / 10, sizes[k] * 95 / 100 - 1);
            int item = ByCategory[k][r];
            if (Items[item].Brand != Vocabulary.SharedBrand) rare.Add(item);
        }
        RareItems = [.. rare.Order()];

        ItemBehaviors = new string[Vocabulary.ItemActions.Length][];
        for (int a = 0; a < Vocabulary.ItemActions.Length; a++)
        {
            ItemBehaviors[a] = new string[n];
            for (int i = 0; i < n; i++) ItemBehaviors[a][i] = $"{Vocabulary.ItemActions[a]}: {Items[i].Text}";
        }
    }

    public int ItemCount => Items.Length;

    public int DrawItem(ref Rng rng, int category) => ByCategory[category][rng.FromCdf(CategoryItemCdf[category])];

    private static string ItemText(ref Rng rng, int id, Category cat, Term brand, Term product, bool korean)
    {
        var parts = new List<string>(7) { "item", id.ToString(), brand.In(korean), rng.Pick(Vocabulary.Series).In(korean) };
        if (rng.Chance(0.4)) parts.Add(rng.Pick(Vocabulary.Series).In(korean));
        if (rng.Chance(0.35)) parts.Add(rng.Chance(0.5) ? rng.Between(2, 990).ToString() : $"v{rng.Between(2, 9)}");
        parts.Add(product.In(korean));
        if (rng.Chance(0.7)) parts.Add(rng.Pick(cat.Modifiers).In(korean));
        return string.Join(' ', parts);
    }

    private static double[] Cumulative(double[] weights)
    {
        var cdf = new double[weights.Length];
        double sum = 0;
        for (int i = 0; i < weights.Length; i++) cdf[i] = sum += weights[i];
        return cdf;
    }
}
