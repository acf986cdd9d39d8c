using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// A tree ensemble arranged for scoring: every tree padded to a complete tree of the ensemble's depth (a leaf above that
/// depth becomes a node whose whole subtree carries its value), stored breadth-first in one array of (feature, threshold)
/// so the children of node i are 2i+1 and 2i+2. A visit is then a branch-free select and several trees are walked side
/// by side (eight at a time). <see cref="Sum"/> equals Σ <see cref="GbdtTree.Predict"/> exactly (same comparisons, same order of addition).
/// </summary>
internal sealed class FlatTrees
{
    /// <summary>Deeper ensembles (never built by the trainer, whose depth is 5) are scored tree by tree.</summary>
    public const int MaxDepth = 10;

    private struct Node
    {
        public int Feature;
        public float Threshold;
    }

    private readonly Node[] _nodes; // per tree: 2^depth − 1 internal nodes
    private readonly float[] _leaves; // per tree: 2^depth leaves
    private readonly int _depth, _count, _internal, _leafCount, _dimension;

    private FlatTrees(int depth, int count, int dimension)
    {
        _dimension = dimension;
        _depth = depth;
        _count = count;
        _internal = (1 << depth) - 1;
        _leafCount = 1 << depth;
        _nodes = new Node[count * _internal];
        _leaves = new float[count * _leafCount];
    }

    /// <summary>The flat form, or null when a tree is deeper than <see cref="MaxDepth"/>, empty, or uses a feature outside [0, dimension).</summary>
    public static FlatTrees? TryCreate(IReadOnlyList<GbdtTree> trees, int dimension)
    {
        int depth = 0;
        foreach (GbdtTree t in trees)
        {
            int d = Depth(t, 0, 0, dimension);
            if (d < 0) return null;
            depth = Math.Max(depth, d);
        }
        var flat = new FlatTrees(depth, trees.Count, dimension);
        for (int t = 0; t < trees.Count; t++) flat.Fill(trees[t], t, 0, 0, 0);
        return flat;
    }

    /// <summary>Depth below <paramref name="node"/> (a lone leaf: 0), or −1 when unusable.</summary>
    private static int Depth(GbdtTree t, int node, int level, int dimension)
    {
        if (level > MaxDepth || node >= t.Feature.Length) return -1;
        int f = t.Feature[node];
        if (f < 0) return 0;
        if (f >= dimension) return -1;
        int l = Depth(t, t.Left[node], level + 1, dimension), r = Depth(t, t.Right[node], level + 1, dimension);
        return l < 0 || r < 0 ? -1 : 1 + Math.Max(l, r);
    }

    /// <summary>Copies the subtree at <paramref name="node"/> to flat position <paramref name="flat"/> (breadth-first index at <paramref name="level"/>).</summary>
    private void Fill(GbdtTree t, int tree, int node, int flat, int level)
    {
        int f = t.Feature[node];
        if (level == _depth)
        {
            _leaves[tree * _leafCount + flat - _internal] = t.Value[node];
            return;
        }
        if (f < 0)
        {
            // A leaf above the full depth: a dummy test whose two sides both lead to its value.
            _nodes[tree * _internal + flat] = new Node { Feature = 0, Threshold = 0 };
            Fill(t, tree, node, 2 * flat + 1, level + 1);
            Fill(t, tree, node, 2 * flat + 2, level + 1);
            return;
        }
        _nodes[tree * _internal + flat] = new Node { Feature = f, Threshold = t.Threshold[node] };
        Fill(t, tree, t.Left[node], 2 * flat + 1, level + 1);
        Fill(t, tree, t.Right[node], 2 * flat + 2, level + 1);
    }

    /// <summary>Σ over the trees of the leaf <paramref name="x"/> reaches, in tree order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Sum(ReadOnlySpan<float> x)
    {
        if (x.Length < _dimension) throw new ArgumentException($"x must have length {_dimension}.", nameof(x));
        double z = 0;
        if (_count == 0) return 0;
        ref Node nodes = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref float leaves = ref MemoryMarshal.GetArrayDataReference(_leaves);
        ref float x0 = ref MemoryMarshal.GetReference(x);
        int depth = _depth, inner = _internal, leafCount = _leafCount;
        int t = 0;
        // Eight trees at a time: their paths are independent, so the loads of one overlap the compares of the others.
        for (; t + 8 <= _count; t += 8)
        {
            ref Node n0 = ref Unsafe.Add(ref nodes, t * inner);
            ref Node n1 = ref Unsafe.Add(ref n0, inner);
            ref Node n2 = ref Unsafe.Add(ref n1, inner);
            ref Node n3 = ref Unsafe.Add(ref n2, inner);
            ref Node n4 = ref Unsafe.Add(ref n3, inner);
            ref Node n5 = ref Unsafe.Add(ref n4, inner);
            ref Node n6 = ref Unsafe.Add(ref n5, inner);
            ref Node n7 = ref Unsafe.Add(ref n6, inner);
            int i0 = 0, i1 = 0, i2 = 0, i3 = 0, i4 = 0, i5 = 0, i6 = 0, i7 = 0;
            for (int level = 0; level < depth; level++)
            {
                i0 = Child(ref x0, ref Unsafe.Add(ref n0, i0), i0);
                i1 = Child(ref x0, ref Unsafe.Add(ref n1, i1), i1);
                i2 = Child(ref x0, ref Unsafe.Add(ref n2, i2), i2);
                i3 = Child(ref x0, ref Unsafe.Add(ref n3, i3), i3);
                i4 = Child(ref x0, ref Unsafe.Add(ref n4, i4), i4);
                i5 = Child(ref x0, ref Unsafe.Add(ref n5, i5), i5);
                i6 = Child(ref x0, ref Unsafe.Add(ref n6, i6), i6);
                i7 = Child(ref x0, ref Unsafe.Add(ref n7, i7), i7);
            }
            ref float l0 = ref Unsafe.Add(ref leaves, t * leafCount - inner);
            z += Unsafe.Add(ref l0, i0);
            z += Unsafe.Add(ref l0, leafCount + i1);
            z += Unsafe.Add(ref l0, 2 * leafCount + i2);
            z += Unsafe.Add(ref l0, 3 * leafCount + i3);
            z += Unsafe.Add(ref l0, 4 * leafCount + i4);
            z += Unsafe.Add(ref l0, 5 * leafCount + i5);
            z += Unsafe.Add(ref l0, 6 * leafCount + i6);
            z += Unsafe.Add(ref l0, 7 * leafCount + i7);
        }
        for (; t < _count; t++)
        {
            ref Node n = ref Unsafe.Add(ref nodes, t * inner);
            int i = 0;
            for (int level = 0; level < depth; level++) i = Child(ref x0, ref Unsafe.Add(ref n, i), i);
            z += Unsafe.Add(ref leaves, t * leafCount + i - inner);
        }
        return z;
    }

    /// <summary>Left (2i+1) when x[feature] ≤ threshold, else right (2i+2) — NaN goes right, as in <see cref="GbdtTree.Predict"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Child(ref float x, ref Node node, int i) =>
        2 * i + 2 - (Unsafe.Add(ref x, node.Feature) <= node.Threshold ? 1 : 0);
}
