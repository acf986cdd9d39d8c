using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Profiles;

/// <summary>
/// What a profile needs to know about a whole feature set before it scores anyone: how many users have each behaviour
/// and each token (document frequencies, for idf weights and lifts) and the text of every behaviour and token (the
/// feature set's names tables). Filled by one pass over the shards: <see cref="Add"/> per batch, <see cref="AddNames"/>
/// per shard.
/// </summary>
public sealed class FeatureVocabulary
{
    private readonly Dictionary<uint, int> _documentFrequency = new();
    private readonly Dictionary<uint, string> _names = new();

    /// <summary>Users seen.</summary>
    public long Users { get; private set; }

    /// <summary>Name key (<see cref="SparseFeatures.NameKey"/>) → how many users have that behaviour or token.</summary>
    public IReadOnlyDictionary<uint, int> DocumentFrequency => _documentFrequency;

    /// <summary>Name key → text (behaviours and tokens).</summary>
    public IReadOnlyDictionary<uint, string> Names => _names;

    public void Add(FeatureBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (int u = 0; u < batch.Count; u++)
        {
            Users++;
            foreach (uint id in batch.SparseIds(u))
            {
                int kind = SparseFeatures.KindOf(id);
                if (kind is not (SparseFeatures.KindToken or SparseFeatures.KindBehavior)) continue; // recent kinds repeat these
                ref int df = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_documentFrequency, id, out _);
                df++;
            }
        }
    }

    public void AddNames(IReadOnlyDictionary<uint, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        foreach (var (key, text) in names) _names.TryAdd(key, text);
    }

    /// <summary>Smoothed inverse document frequency, as the task models use it: ln((1 + n) / (1 + df)) + 1.</summary>
    public double Idf(uint nameKey) =>
        Math.Log((1.0 + Users) / (1.0 + (_documentFrequency.TryGetValue(nameKey, out int df) ? df : 0))) + 1.0;

    /// <summary>The behaviours that have a text, most widespread first (ties by key), at most <paramref name="limit"/>.</summary>
    public List<(uint Key, string Text)> Behaviors(int limit)
    {
        var list = new List<(uint Key, string Text, int Df)>();
        foreach (var (key, df) in _documentFrequency)
            if (SparseFeatures.KindOf(key) == SparseFeatures.KindBehavior && _names.TryGetValue(key, out var text)) list.Add((key, text, df));
        list.Sort(static (a, b) => a.Df != b.Df ? b.Df.CompareTo(a.Df) : a.Key.CompareTo(b.Key));
        if (list.Count > limit) list.RemoveRange(limit, list.Count - limit);
        return list.ConvertAll(x => (x.Key, x.Text));
    }
}
