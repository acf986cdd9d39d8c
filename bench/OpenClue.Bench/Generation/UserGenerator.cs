using System.Text;

namespace OpenClue.Bench.Generation;

/// <summary>What one user contributes: the sequence line, the split, and per trait the latent truth and the observed label.</summary>
public struct GeneratedUser
{
    public string Line;
    public int Behaviors;
    /// <summary>0 train, 1 test, 2 unlabelled.</summary>
    public byte Split;
    public bool[] Latent;
    public bool[] Label;
}

/// <summary>
/// Generates one user from (seed, user index) alone: browsing sessions over the catalogue, noise behaviours, then the
/// planted traits. Thread-safe: all state is per call.
/// </summary>
public sealed class UserGenerator(Catalog catalog, ulong seed, TraitSpec[] traits, double meanBehaviors, double trainFraction, double testFraction)
{
    public const int MinBehaviors = 20, MaxBehaviors = 5000;
    private const double LengthSigma = 1.5;

    private const int View = 0, Click = 1, Cart = 2, Buy = 3, Wish = 4;
    private const ulong SplitStream = 0x5917, BaseStream = 0xBA5E, TraitStream = 0x7A17;

    /// <summary>Sessions overshoot their target length by about this much on average.</summary>
    private const double SessionOvershoot = 1.5;

    /// <summary>Share of power users, whose length is log-uniform in [500, 5000] (mean ≈ 1,955).</summary>
    private const double PowerUserRate = 0.001, PowerUserMin = 500, PowerUserMean = (MaxBehaviors - 100 - PowerUserMin) / 2.2925;

    // Base lengths: 20 + lognormal (heavy tail), plus rare power users; the lognormal's mean is chosen so that with the
    // power users and the planted behaviours the mean is as requested.
    private readonly double _lengthMu = Math.Log(Math.Max(1.0,
            (meanBehaviors - SessionOvershoot - traits.Sum(t => t.MeanOverhead) - PowerUserRate * PowerUserMean) / (1 - PowerUserRate) - MinBehaviors))
        - LengthSigma * LengthSigma / 2;

    public static string UserId(long index) => $"u{index:D7}";

    public GeneratedUser Generate(long index)
    {
        var user = new GeneratedUser { Latent = new bool[traits.Length], Label = new bool[traits.Length] };
        var split = Rng.For(seed, (ulong)index, SplitStream).NextDouble();
        user.Split = split < trainFraction ? (byte)0 : split < trainFraction + testFraction ? (byte)1 : (byte)2;

        var rng = Rng.For(seed, (ulong)index, BaseStream);
        var profile = new Profile(ref rng, catalog);
        double raw = rng.Chance(PowerUserRate)
            ? Math.Exp(rng.Uniform(Math.Log(PowerUserMin), Math.Log(MaxBehaviors - 100)))
            : MinBehaviors + Math.Exp(_lengthMu + LengthSigma * rng.Gaussian());
        int target = Math.Clamp((int)Math.Round(raw), MinBehaviors, MaxBehaviors - 100);

        // Latent traits first, so the category trait can shape natural browsing.
        var trng = new Rng[traits.Length];
        for (int t = 0; t < traits.Length; t++)
        {
            trng[t] = Rng.For(seed, (ulong)index, TraitStream + (ulong)t * 977);
            user.Latent[t] = trng[t].Chance(traits[t].BaseRate);
            user.Label[t] = user.Latent[t] ^ trng[t].Chance(traits[t].FlipRate);
        }
        int categoryTrait = Array.FindIndex(traits, t => t.Name == Traits.Category);
        double runningShoesExtra = categoryTrait >= 0 && user.Latent[categoryTrait] ? trng[categoryTrait].Uniform(0.08, 0.35) : 0;

        var sessions = new List<List<string>>();
        int count = 0;
        bool forcedRunning = false;
        while (count < target)
        {
            int cat = rng.Chance(runningShoesExtra) ? catalog.RunningShoes : profile.NextCategory(ref rng, catalog);
            var s = Session(ref rng, profile, cat, Math.Min(target - count + 2, 2 + rng.Geometric(5)));
            if (cat == catalog.RunningShoes && runningShoesExtra > 0) forcedRunning = true;
            sessions.Add(s);
            count += s.Count;
        }
        if (runningShoesExtra > 0 && !forcedRunning)
            sessions.Insert(rng.Next(sessions.Count + 1), Session(ref rng, profile, catalog.RunningShoes, 2 + rng.Geometric(5)));

        for (int t = 0; t < traits.Length; t++)
        {
            ref var r = ref trng[t];
            bool pos = user.Latent[t];
            switch (traits[t].Name)
            {
                case Traits.RareItems: PlantRareItems(ref r, sessions, profile, pos, traits[t]); break;
                case Traits.SharedToken: PlantSharedToken(ref r, sessions, profile, pos, traits[t]); break;
                case Traits.Recency: break; // last, so nothing lands after the recent sessions
                case Traits.Category: break; // done while browsing
            }
        }
        int recency = Array.FindIndex(traits, t => t.Name == Traits.Recency);
        if (recency >= 0) PlantRecency(ref trng[recency], sessions, profile, user.Latent[recency], traits[recency]);

        var sb = new StringBuilder(64 + count * 48);
        sb.Append(UserId(index)).Append('\t');
        int n = 0;
        foreach (var s in sessions)
            foreach (var b in s)
            {
                if (n++ > 0) sb.Append("->");
                sb.Append(b);
            }
        user.Line = sb.ToString();
        user.Behaviors = n;
        return user;
    }

    /// <summary>A user's stable tastes: favourite categories and how often they write in Korean.</summary>
    private sealed class Profile
    {
        public readonly double Korean;
        private readonly int[] _favourites;
        private readonly double[] _favouriteCdf;
        private readonly double _explore;

        public Profile(ref Rng rng, Catalog catalog)
        {
            Korean = rng.Uniform(0.2, 0.95);
            int k = rng.Between(1, 4);
            _favourites = new int[k];
            var w = new double[k];
            double sum = 0;
            for (int i = 0; i < k; i++)
            {
                _favourites[i] = rng.FromCdf(catalog.CategoryCdf);
                w[i] = sum += -Math.Log(1 - rng.NextDouble());
            }
            _favouriteCdf = w;
            _explore = rng.Uniform(0.1, 0.35);
        }

        public int NextCategory(ref Rng rng, Catalog catalog) =>
            rng.Chance(_explore) ? rng.FromCdf(catalog.CategoryCdf) : _favourites[rng.FromCdf(_favouriteCdf)];
    }

    private List<string> Session(ref Rng rng, Profile profile, int cat, int length, bool allowNoise = true)
    {
        length = Math.Max(1, length);
        var s = new List<string>(length);
        bool korean = rng.Chance(profile.Korean);
        var seen = new List<(int Item, int Stage)>(length);
        if (rng.Chance(0.55)) s.Add(Search(ref rng, catalog.Categories[cat], korean));
        while (s.Count < length)
        {
            double x = rng.NextDouble();
            if (allowNoise && x < 0.07) s.Add(rng.Pick(Vocabulary.NoiseBehaviors));
            else if (x < 0.12) s.Add(Search(ref rng, catalog.Categories[cat], korean));
            else if (x < 0.40 && seen.Count > 0)
            {
                // Go further down the funnel with an item already seen in this session.
                int j = rng.Next(seen.Count);
                var (item, stage) = seen[j];
                int action = stage switch { View => rng.Chance(0.8) ? Click : Wish, Click => rng.Chance(0.6) ? Cart : View, Cart => rng.Chance(0.6) ? Buy : Click, _ => View };
                seen[j] = (item, action);
                s.Add(catalog.ItemBehaviors[action][item]);
            }
            else
            {
                int item = catalog.DrawItem(ref rng, cat);
                seen.Add((item, View));
                s.Add(catalog.ItemBehaviors[View][item]);
            }
        }
        return s;
    }

    private static string Search(ref Rng rng, Category cat, bool korean)
    {
        var sb = new StringBuilder("search: ");
        if (rng.Chance(0.5)) sb.Append(rng.Pick(cat.Brands).In(korean)).Append(' ');
        sb.Append(rng.Chance(0.3) ? cat.Name.In(korean) : rng.Pick(cat.Products).In(korean));
        if (rng.Chance(0.25)) sb.Append(' ').Append(rng.Pick(Vocabulary.QueryWords).In(korean));
        return sb.ToString();
    }

    private void InsertAnywhere(ref Rng rng, List<List<string>> sessions, List<string> inserted) =>
        sessions.Insert(rng.Next(sessions.Count + 1), inserted);

    private void PlantRareItems(ref Rng rng, List<List<string>> sessions, Profile profile, bool positive, TraitSpec spec)
    {
        if (positive)
        {
            int m = rng.Between(1, 2);
            for (int i = 0; i < m; i++)
            {
                int item = catalog.RareItems[rng.Next(catalog.RareItems.Length)];
                var s = new List<string> { catalog.ItemBehaviors[View][item] };
                if (rng.Chance(0.5)) s.Add(catalog.ItemBehaviors[Click][item]);
                if (rng.Chance(0.3)) s.Add(catalog.ItemBehaviors[Buy][item]);
                // Embedded in an ordinary session of the item's category.
                var around = Session(ref rng, profile, catalog.Items[item].Category, rng.Between(1, 4));
                around.InsertRange(rng.Next(around.Count + 1), s);
                InsertAnywhere(ref rng, sessions, around);
            }
        }
        else if (rng.Chance(spec.DecoyRate))
        {
            int item = catalog.RareItems[rng.Next(catalog.RareItems.Length)];
            var around = Session(ref rng, profile, catalog.Items[item].Category, rng.Between(1, 4));
            around.Insert(rng.Next(around.Count + 1), catalog.ItemBehaviors[View][item]);
            InsertAnywhere(ref rng, sessions, around);
        }
    }

    private void PlantSharedToken(ref Rng rng, List<List<string>> sessions, Profile profile, bool positive, TraitSpec spec)
    {
        bool decoy = !positive && rng.Chance(spec.DecoyRate);
        if (!positive && !decoy) return;
        int m = rng.Between(1, 4);
        int sessionsUsed = rng.Between(1, Math.Min(3, m));
        var planted = Enumerable.Range(0, sessionsUsed).Select(_ => new List<string>()).ToList();
        foreach (var s in planted)
            if (rng.Chance(0.6))
            {
                bool korean = rng.Chance(profile.Korean);
                var cat = catalog.Categories[catalog.Items[catalog.SharedBrandItems[rng.Next(catalog.SharedBrandItems.Length)]].Category];
                s.Add($"search: {Vocabulary.SharedBrand.In(korean)} {rng.Pick(cat.Products).In(korean)}");
            }
        for (int i = 0; i < m; i++)
        {
            // Buyers and window shoppers leave the same multiset of actions, the same number of montbell behaviours
            // and the same number of competitor behaviours; only which item goes down the funnel differs.
            int item = catalog.SharedBrandItems[rng.Next(catalog.SharedBrandItems.Length)];
            int competitor = catalog.DrawItem(ref rng, catalog.Items[item].Category);
            int funnel = 2 + (rng.Chance(0.5) ? 1 : 0) + (rng.Chance(0.35) ? 1 : 0);
            int committed = positive ? item : competitor, other = positive ? competitor : item;
            var s = planted[rng.Next(planted.Count)];
            for (int v = 0; v < funnel; v++) s.Add(catalog.ItemBehaviors[View][other]);
            s.Add(catalog.ItemBehaviors[View][committed]);
            s.Add(catalog.ItemBehaviors[Click][committed]);
            if (funnel >= 3) s.Add(catalog.ItemBehaviors[rng.Chance(0.7) ? Cart : Wish][committed]);
            if (funnel == 4) s.Add(catalog.ItemBehaviors[Buy][committed]);
        }
        foreach (var s in planted)
        {
            // Padding with ordinary behaviours of the item's category keeps the planted sessions the usual size.
            int cat = catalog.Items[catalog.SharedBrandItems[rng.Next(catalog.SharedBrandItems.Length)]].Category;
            var around = Session(ref rng, profile, cat, rng.Between(0, 3));
            s.AddRange(around);
            InsertAnywhere(ref rng, sessions, s);
        }
    }

    private void PlantRecency(ref Rng rng, List<List<string>> sessions, Profile profile, bool positive, TraitSpec spec)
    {
        bool decoy = !positive && rng.Chance(spec.DecoyRate);
        int r = rng.Between(1, 3);
        if (positive)
        {
            // The newest sessions: r baby sessions, sometimes followed by one ordinary session.
            var tail = rng.Chance(0.3) ? sessions[^1] : null;
            if (tail is not null) sessions.RemoveAt(sessions.Count - 1);
            for (int i = 0; i < r; i++) sessions.Add(Session(ref rng, profile, catalog.Baby, 2 + rng.Geometric(5)));
            if (tail is not null) sessions.Add(tail);
        }
        else if (decoy)
        {
            // The same amount of baby browsing, long ago: within the first 60 % of the sessions.
            int limit = Math.Max(1, (int)(sessions.Count * 0.6));
            for (int i = 0; i < r; i++) sessions.Insert(rng.Next(limit), Session(ref rng, profile, catalog.Baby, 2 + rng.Geometric(5)));
        }
        else if (rng.Chance(0.04))
            InsertAnywhere(ref rng, sessions, Session(ref rng, profile, catalog.Baby, 2 + rng.Geometric(5)));
    }
}
