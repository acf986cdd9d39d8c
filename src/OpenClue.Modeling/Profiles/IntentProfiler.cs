using System.Globalization;
using System.Text;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Profiles;

/// <summary>
/// Shopping intent of a task's target group (D21): the users the task scores in its top decile, against all users of
/// its feature. Counts, per behaviour and token, how many users have it (once per user), then keeps the
/// <see cref="RowsPerKind"/> most over-represented of each kind among those held by at least <see cref="MinimumSupport"/>
/// target users, so that an item one or two target users happen to share does not top the list with a huge lift.
/// </summary>
public sealed class IntentProfiler
{
    public const int RowsPerKind = 50;
    public const string KindBehavior = "behavior", KindToken = "token";

    private readonly bool[] _target;
    private readonly Dictionary<uint, (int All, int Target)> _counts = new();
    private long _position;

    /// <param name="scores">The task's score of every user of the feature, in the feature's order.</param>
    public IntentProfiler(ReadOnlySpan<float> scores)
    {
        _target = TopDecile(scores);
        TargetCount = 0;
        foreach (bool t in _target) if (t) TargetCount++;
    }

    /// <summary>Users in the target group: the ⌈n/10⌉ best scores (ties at the boundary broken by feature order).</summary>
    public int TargetCount { get; }

    public int UserCount => _target.Length;

    /// <summary>At least 5 target users, and at least 1 % of them.</summary>
    public int MinimumSupport => Math.Max(5, (int)Math.Ceiling(TargetCount * 0.01));

    /// <summary>Counts the next users, in the feature's order (the order of the scores).</summary>
    public void Add(FeatureBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        for (int u = 0; u < batch.Count; u++, _position++)
        {
            if (_position >= _target.Length) throw new InvalidOperationException("The feature has more users than scores.");
            bool target = _target[_position];
            foreach (uint id in batch.SparseIds(u))
            {
                int kind = SparseFeatures.KindOf(id);
                if (kind is not (SparseFeatures.KindToken or SparseFeatures.KindBehavior)) continue; // ids are unique per user
                ref var c = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_counts, id, out _);
                c = (c.All + 1, c.Target + (target ? 1 : 0));
            }
        }
    }

    /// <summary>The rows, behaviours then tokens, each sorted by lift (then support, then name); unnamed ids are skipped.</summary>
    public List<IntentRow> Rows(IReadOnlyDictionary<uint, string> names)
    {
        if (_position != _target.Length) throw new InvalidOperationException($"Scores for {_target.Length} users but {_position} were read.");
        var rows = new List<IntentRow>(2 * RowsPerKind);
        if (TargetCount == 0) return rows;
        foreach (int kind in (int[])[SparseFeatures.KindBehavior, SparseFeatures.KindToken])
        {
            var candidates = new List<IntentRow>();
            foreach (var (id, c) in _counts)
            {
                if (SparseFeatures.KindOf(id) != kind || c.Target < MinimumSupport || !names.TryGetValue(id, out var name)) continue;
                double share = (double)c.Target / TargetCount;
                double lift = share / ((double)c.All / _target.Length);
                candidates.Add(new IntentRow(kind == SparseFeatures.KindBehavior ? KindBehavior : KindToken, name, share, lift, c.Target));
            }
            candidates.Sort(static (a, b) =>
                a.Lift != b.Lift ? b.Lift.CompareTo(a.Lift) :
                a.TargetUsers != b.TargetUsers ? b.TargetUsers.CompareTo(a.TargetUsers) : string.CompareOrdinal(a.Name, b.Name));
            rows.AddRange(candidates.Take(RowsPerKind));
        }
        return rows;
    }

    /// <summary>The download TSV (D21): header <c>kind\tname\tshare\tlift</c>, share and lift with 6 decimals; tabs and line breaks in names become spaces.</summary>
    public static string ToTsv(IEnumerable<IntentRow> rows)
    {
        var text = new StringBuilder("kind\tname\tshare\tlift\n");
        foreach (var row in rows)
        {
            var name = row.Name.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
            text.Append(row.Kind).Append('\t').Append(name).Append('\t')
                .Append(row.Share.ToString("F6", CultureInfo.InvariantCulture)).Append('\t')
                .Append(row.Lift.ToString("F6", CultureInfo.InvariantCulture)).Append('\n');
        }
        return text.ToString();
    }

    private static bool[] TopDecile(ReadOnlySpan<float> scores)
    {
        var target = new bool[scores.Length];
        if (scores.Length == 0) return target;
        int k = (int)Math.Ceiling(scores.Length / 10.0);
        var order = new int[scores.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        float[] keys = scores.ToArray();
        // Descending score, then feature order: a stable, deterministic cut.
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[b].CompareTo(keys[a]) : a.CompareTo(b));
        for (int i = 0; i < k; i++) target[order[i]] = true;
        return target;
    }
}
