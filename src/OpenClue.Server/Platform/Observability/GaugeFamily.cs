namespace OpenClue.Server.Platform.Observability;

/// <summary>A gauge whose series are read from a callback at scrape time.</summary>
internal sealed record GaugeFamily(
    string Name,
    string Help,
    Func<IEnumerable<(IReadOnlyDictionary<string, string> Labels, double Value)>> Read)
{
    public void WriteTo(TextWriter writer)
    {
        PrometheusText.WriteHeader(writer, Name, Help, "gauge");
        foreach (var (labels, value) in Read())
        {
            var pairs = labels.Select(l => new Label(PrometheusNames.SanitizeLabelName(l.Key), l.Value)).ToArray();
            PrometheusText.WriteSample(writer, Name, pairs, value);
        }
    }
}
