using System.Collections.Concurrent;

namespace OpenClue.Server.Platform.Observability;

/// <summary>A labelled, monotonically increasing counter. Lock-free: one atomic long per series.</summary>
internal sealed class CounterFamily<TKey>(string name, string help, Func<TKey, Label[]> labelsOf)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Series> _series = new();

    public string Name => name;

    public void Increment(TKey key) => Interlocked.Increment(ref _series.GetOrAdd(key, static _ => new Series()).Count);

    public void WriteTo(TextWriter writer)
    {
        PrometheusText.WriteHeader(writer, name, help, "counter");
        foreach (var (labels, series) in _series
                     .Select(pair => (Labels: labelsOf(pair.Key), pair.Value))
                     .OrderBy(s => s.Labels, LabelValueOrder.Instance))
        {
            PrometheusText.WriteSample(writer, name, labels, Interlocked.Read(ref series.Count));
        }
    }

    private sealed class Series
    {
        public long Count;
    }
}
