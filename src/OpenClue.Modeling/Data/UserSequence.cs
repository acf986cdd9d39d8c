namespace OpenClue.Modeling.Data;

/// <summary>
/// One user's behaviour sequence, oldest first.
/// <para><b>Reuse:</b> <see cref="SequenceDatasetReader.Read"/> yields the SAME instance on every step, so copy what
/// you need before moving on.</para>
/// <para>The reader fills a packed UTF-8 buffer (<see cref="Spans"/>) instead of one string per behaviour; the
/// <see cref="Behaviors"/> list is only materialised when a caller asks for it (and from then on it is the source of
/// truth, so callers may edit it).</para>
/// </summary>
public sealed class UserSequence
{
    private List<string> _behaviors = new();
    private bool _listPending; // Spans holds the behaviours and _behaviors is stale

    public string UserId { get; set; } = "";

    public List<string> Behaviors
    {
        get
        {
            if (_listPending)
            {
                _behaviors = new List<string>(Spans.Count); // a fresh list: callers may keep the previous user's
                for (int i = 0; i < Spans.Count; i++) _behaviors.Add(System.Text.Encoding.UTF8.GetString(Spans[i]));
                _listPending = false;
            }
            SpansCurrent = false; // the caller may edit the list
            return _behaviors;
        }
        set
        {
            _behaviors = value;
            _listPending = false;
            SpansCurrent = false;
        }
    }

    /// <summary>Number of behaviours, without materialising <see cref="Behaviors"/>.</summary>
    public int BehaviorCount => SpansCurrent ? Spans.Count : _behaviors.Count;

    /// <summary>The packed behaviours; valid when <see cref="SpansCurrent"/>.</summary>
    internal BehaviorSpans Spans { get; } = new();

    /// <summary>True while <see cref="Spans"/> (not <see cref="Behaviors"/>) holds the behaviours.</summary>
    internal bool SpansCurrent { get; private set; }

    /// <summary>Called by the reader after filling <see cref="Spans"/>.</summary>
    internal void MarkSpansCurrent()
    {
        SpansCurrent = true;
        _listPending = true;
    }
}
