using System.Collections.Concurrent;

namespace OpenClue.Server.Platform.Observability;

/// <summary>A labelled histogram with fixed upper bounds. Lock-free: atomic per-bucket counts and a CAS-updated sum.</summary>
internal sealed class HistogramFamily<TKey>(string name, string help, double[] upperBounds, Func<TKey, Label[]> labelsOf)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Series> _series = new();

    public string Name => name;

    public void Observe(TKey key, double value)
    {
        var series = _series.GetOrAdd(key, static (_, bucketCount) => new Series(bucketCount), upperBounds.Length + 1);
        series.Observe(BucketIndex(value), value);
    }

    public void WriteTo(TextWriter writer)
    {
        PrometheusText.WriteHeader(writer, name, help, "histogram");
        foreach (var (labels, series) in _series
                     .Select(pair => (Labels: labelsOf(pair.Key), pair.Value))
                     .OrderBy(s => s.Labels, LabelValueOrder.Instance))
        {
            WriteSeries(writer, labels, series);
        }
    }

    // Buckets are "less than or equal"; the extra last slot is the +Inf overflow.
    private int BucketIndex(double value)
    {
        var index = Array.BinarySearch(upperBounds, value);
        return index >= 0 ? index : ~index;
    }

    private void WriteSeries(TextWriter writer, Label[] labels, Series series)
    {
        // _count is the sum of the bucket slots read here, so it always equals the +Inf bucket
        // even while observations race with the scrape.
        long cumulative = 0;
        for (var i = 0; i <= upperBounds.Length; i++)
        {
            cumulative += series.CountIn(i);
            var le = i < upperBounds.Length ? PrometheusText.FormatValue(upperBounds[i]) : "+Inf";
            PrometheusText.WriteSample(writer, name + "_bucket", [.. labels, new Label("le", le)], cumulative);
        }
        PrometheusText.WriteSample(writer, name + "_sum", labels, series.Sum);
        PrometheusText.WriteSample(writer, name + "_count", labels, cumulative);
    }

    private sealed class Series(int bucketCount)
    {
        private readonly long[] _counts = new long[bucketCount];
        private double _sum;

        public double Sum => Volatile.Read(ref _sum);

        public long CountIn(int bucket) => Interlocked.Read(ref _counts[bucket]);

        public void Observe(int bucket, double value)
        {
            Interlocked.Increment(ref _counts[bucket]);
            double seen, updated;
            do
            {
                seen = Volatile.Read(ref _sum);
                updated = seen + value;
                // Bitwise comparison: once the sum is NaN, `!=` would never let the loop end.
            } while (BitConverter.DoubleToInt64Bits(Interlocked.CompareExchange(ref _sum, updated, seen))
                     != BitConverter.DoubleToInt64Bits(seen));
        }
    }
}
