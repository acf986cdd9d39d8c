using System.Numerics.Tensors;

namespace OpenClue.Modeling.Learning;

/// <summary>
/// Gradient-boosted trees for binary classification (logistic loss, class-balanced weights), histogram-based with the
/// subtraction trick, depth-wise growth. Deterministic: histograms are built per feature (each by one thread), split
/// ties go to the lowest feature and bin.
/// </summary>
internal sealed class GbdtTrainer
{
    public int MaxDepth { get; init; } = 5;
    public double LearningRate { get; init; } = 0.15;
    public int MaxRounds { get; init; } = 200;
    public int Patience { get; init; } = 15;
    public double Lambda { get; init; } = 1.0;
    public int MinRowsPerLeaf { get; init; } = 20;
    public double MinHessianPerLeaf { get; init; } = 1.0;
    /// <summary>Each tree sees a seeded sample of this share of the features (at least 32), like xgboost's colsample_bytree.</summary>
    public double ColumnSample { get; init; } = 0.25;
    public int Seed { get; init; } = 1;

    public sealed record Result(List<GbdtTree> Trees, float BaseScore, int BestRounds, float[]? ValidationScores);

    /// <summary>
    /// Fits on <paramref name="trainRows"/>; with <paramref name="validRows"/>, stops early on their weighted log-loss and
    /// returns the trees up to the best round and the validation decision values there. Otherwise fits exactly
    /// <paramref name="rounds"/> trees.
    /// </summary>
    public Result Fit(float[] x, int dim, byte[] labels, GbdtBinning binning, int[] trainRows, int[]? validRows, int rounds, CancellationToken ct)
    {
        int n = trainRows.Length;
        byte[] codes = binning.Apply(x, dim, trainRows);
        int positives = 0;
        foreach (int r in trainRows) positives += labels[r];
        double wPos = n / (2.0 * Math.Max(1, positives)), wNeg = n / (2.0 * Math.Max(1, n - positives));
        var weight = new double[n];
        var y = new byte[n];
        for (int i = 0; i < n; i++) { y[i] = labels[trainRows[i]]; weight[i] = y[i] == 1 ? wPos : wNeg; }
        float baseScore = 0; // balanced weights: prior log-odds 0
        var f = new double[n];
        var g = new double[n];
        var h = new double[n];
        float[]? valid = validRows is null ? null : new float[validRows.Length];
        var trees = new List<GbdtTree>();
        double bestLoss = double.PositiveInfinity;
        int bestRounds = 0;
        float[]? bestValid = null;
        int maxRounds = validRows is null ? rounds : MaxRounds;
        var index = new int[n];
        for (int t = 0; t < maxRounds; t++)
        {
            ct.ThrowIfCancellationRequested();
            for (int i = 0; i < n; i++)
            {
                double p = 1 / (1 + Math.Exp(-f[i]));
                g[i] = weight[i] * (p - y[i]);
                h[i] = Math.Max(weight[i] * p * (1 - p), 1e-9);
            }
            for (int i = 0; i < n; i++) index[i] = i;
            GbdtTree tree = GrowTree(codes, n, dim, binning, g, h, index, SampleFeatures(dim, t));
            trees.Add(tree);
            // Update training scores via leaf assignment on codes (same as raw thresholds).
            for (int i = 0; i < n; i++) f[i] += PredictCodes(tree, codes, n, i);
            if (valid is not null)
            {
                double loss = 0;
                for (int i = 0; i < validRows!.Length; i++)
                {
                    int r = validRows[i];
                    valid[i] += tree.Predict(x.AsSpan((int)((long)r * dim), dim));
                    double z = valid[i];
                    double margin = labels[r] == 1 ? -z : z;
                    loss += (labels[r] == 1 ? wPos : wNeg) * (Math.Max(margin, 0) + Math.Log(1 + Math.Exp(-Math.Abs(margin))));
                }
                if (loss < bestLoss - 1e-9)
                {
                    bestLoss = loss;
                    bestRounds = t + 1;
                    bestValid = (float[])valid.Clone();
                }
                else if (t + 1 - bestRounds >= Patience) break;
            }
        }
        if (valid is not null) trees.RemoveRange(Math.Max(bestRounds, 1), trees.Count - Math.Max(bestRounds, 1));
        else bestRounds = trees.Count;
        return new Result(trees, baseScore, Math.Max(bestRounds, 1), bestValid ?? valid);
    }

    private int[] SampleFeatures(int dim, int round)
    {
        int take = Math.Min(dim, Math.Max(32, (int)Math.Ceiling(dim * ColumnSample)));
        var all = Enumerable.Range(0, dim).ToArray();
        if (take == dim) return all;
        var rng = new Random(unchecked(Seed * 7919 + round));
        for (int i = 0; i < take; i++) { int j = i + rng.Next(dim - i); (all[i], all[j]) = (all[j], all[i]); }
        var chosen = all[..take];
        Array.Sort(chosen);
        return chosen;
    }

    private static float PredictCodes(GbdtTree tree, byte[] codes, int n, int i)
    {
        int node = 0;
        while (tree.Feature[node] >= 0)
            node = codes[(long)tree.Feature[node] * n + i] <= tree.SplitBin[node] ? tree.Left[node] : tree.Right[node];
        return tree.Value[node];
    }

    private sealed class Node
    {
        public int Start, End, Depth;
        public double[]? Hist;   // sampled features × bins × 2 (g, h), indexed by position in the tree's feature sample
        public int[]? HistCount; // sampled features × bins
        public double G, H;
        public int Id;
    }

    private GbdtTree GrowTree(byte[] codes, int n, int dim, GbdtBinning binning, double[] g, double[] h, int[] index, int[] features)
    {
        var feature = new List<int>(); var threshold = new List<float>(); var splitBin = new List<int>();
        var left = new List<int>(); var right = new List<int>(); var value = new List<float>();
        int NewNode() { feature.Add(-1); threshold.Add(0); splitBin.Add(0); left.Add(-1); right.Add(-1); value.Add(0); return feature.Count - 1; }
        // Histogram arrays are recycled within the tree: a node's arrays pass to its larger child (parent − smaller) or
        // back to this pool once its children need none.
        var pool = new Stack<(double[], int[])>();
        int histLength = features.Length * GbdtBinning.MaxBins;

        var root = new Node { Start = 0, End = n, Depth = 0, Id = NewNode() };
        for (int i = 0; i < n; i++) { root.G += g[i]; root.H += h[i]; }
        BuildHistogram(root, codes, n, g, h, index, features, pool, histLength);
        var frontier = new List<Node> { root };
        while (frontier.Count > 0)
        {
            var next = new List<Node>();
            foreach (Node node in frontier)
            {
                (int bf, int bb, double gain) = node.Depth < MaxDepth ? BestSplit(node, features, binning) : (-1, 0, 0.0);
                if (bf < 0 || gain <= 1e-12)
                {
                    value[node.Id] = (float)(-node.G / (node.H + Lambda) * LearningRate);
                    Release(node, pool);
                    continue;
                }
                // Partition rows in place (stable within each side).
                int f = features[bf];
                long o = (long)f * n;
                int mid = StablePartition(index, node.Start, node.End, codes, o, bb);
                var l = new Node { Start = node.Start, End = mid, Depth = node.Depth + 1, Id = NewNode() };
                var r = new Node { Start = mid, End = node.End, Depth = node.Depth + 1, Id = NewNode() };
                for (int q = l.Start; q < l.End; q++) { l.G += g[index[q]]; l.H += h[index[q]]; }
                r.G = node.G - l.G; r.H = node.H - l.H;
                Node small = l.End - l.Start <= r.End - r.Start ? l : r, large = small == l ? r : l;
                if (node.Depth + 1 < MaxDepth)
                {
                    BuildHistogram(small, codes, n, g, h, index, features, pool, histLength);
                    large.Hist = node.Hist; large.HistCount = node.HistCount; // reuse parent's arrays: parent − small
                    TensorPrimitives.Subtract(large.Hist!, small.Hist!, large.Hist!);
                    TensorPrimitives.Subtract(large.HistCount!, small.HistCount!, large.HistCount!);
                    node.Hist = null; node.HistCount = null;
                }
                else Release(node, pool);
                feature[node.Id] = f;
                splitBin[node.Id] = bb;
                threshold[node.Id] = binning.Edges[f][bb];
                left[node.Id] = l.Id;
                right[node.Id] = r.Id;
                next.Add(l);
                next.Add(r);
            }
            frontier = next;
        }
        return new GbdtTree
        {
            Feature = feature.ToArray(), Threshold = threshold.ToArray(), Left = left.ToArray(), Right = right.ToArray(),
            Value = value.ToArray(), SplitBin = splitBin.ToArray(),
        };
    }

    private static void Release(Node node, Stack<(double[], int[])> pool)
    {
        if (node.Hist is not null) pool.Push((node.Hist, node.HistCount!));
        node.Hist = null;
        node.HistCount = null;
    }

    private static int StablePartition(int[] index, int start, int end, byte[] codes, long offset, int bin)
    {
        var buffer = new int[end - start];
        int l = start, rcount = 0;
        for (int q = start; q < end; q++)
        {
            int i = index[q];
            if (codes[offset + i] <= bin) index[l++] = i; else buffer[rcount++] = i;
        }
        Array.Copy(buffer, 0, index, l, rcount);
        return l;
    }

    private static void BuildHistogram(Node node, byte[] codes, int n, double[] g, double[] h, int[] index, int[] features,
        Stack<(double[], int[])> pool, int histLength)
    {
        const int B = GbdtBinning.MaxBins;
        if (pool.TryPop(out var arrays))
        {
            (node.Hist, node.HistCount) = arrays;
            Array.Clear(node.Hist);
            Array.Clear(node.HistCount);
        }
        else
        {
            node.Hist = new double[histLength * 2];
            node.HistCount = new int[histLength];
        }
        int start = node.Start, end = node.End;
        double[] hist = node.Hist;
        int[] counts = node.HistCount;
        // Small nodes: one thread (the fork costs more than the work).
        int parallelism = (long)(end - start) * features.Length < 200_000 ? 1 : Environment.ProcessorCount;
        Parallel.For(0, features.Length, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, fi =>
        {
            long o = (long)features[fi] * n;
            int hb = fi * B;
            for (int q = start; q < end; q++)
            {
                int i = index[q];
                int bin = hb + codes[o + i];
                hist[2 * bin] += g[i];
                hist[2 * bin + 1] += h[i];
                counts[bin]++;
            }
        });
    }

    private (int Feature, int Bin, double Gain) BestSplit(Node node, int[] features, GbdtBinning binning)
    {
        const int B = GbdtBinning.MaxBins;
        double parent = node.G * node.G / (node.H + Lambda);
        int total = node.End - node.Start;
        int bestF = -1, bestB = 0;
        double bestGain = 0;
        double[] hist = node.Hist!;
        int[] histCount = node.HistCount!;
        for (int fi = 0; fi < features.Length; fi++)
        {
            int edges = binning.Edges[features[fi]].Length;
            double gl = 0, hl = 0;
            int cl = 0;
            for (int b = 0; b < edges; b++)
            {
                int k = fi * B + b;
                gl += hist[2 * k];
                hl += hist[2 * k + 1];
                cl += histCount[k];
                int cr = total - cl;
                if (cl < MinRowsPerLeaf) continue;
                if (cr < MinRowsPerLeaf) break;
                double hr = node.H - hl;
                if (hl < MinHessianPerLeaf || hr < MinHessianPerLeaf) continue;
                double gr = node.G - gl;
                double gain = gl * gl / (hl + Lambda) + gr * gr / (hr + Lambda) - parent;
                if (gain > bestGain)
                {
                    bestGain = gain;
                    bestF = fi;
                    bestB = b;
                }
            }
        }
        return (bestF, bestB, bestGain);
    }
}
