namespace OpenClue.Server.Platform.Observability;

/// <summary>Orders series by their label values so scrapes are stable and diffable.</summary>
internal sealed class LabelValueOrder : IComparer<Label[]>
{
    public static readonly LabelValueOrder Instance = new();

    public int Compare(Label[]? x, Label[]? y)
    {
        if (x is null || y is null) return (x is null).CompareTo(y is null) * -1;
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var byValue = string.CompareOrdinal(x[i].Value, y[i].Value);
            if (byValue != 0) return byValue;
        }
        return x.Length.CompareTo(y.Length);
    }
}
