namespace OpenClue.Modeling.Data;

/// <summary>
/// A user's behaviours packed into one reusable char buffer with (start, length) offsets, so reading and encoding a user
/// allocates no string per behaviour. Grows as needed and is reused: no allocation in steady state.
/// </summary>
internal sealed class BehaviorSpans
{
    private char[] _chars = new char[4096];
    private int[] _starts = new int[64];
    private int[] _lengths = new int[64];
    private int _charCount;

    public int Count { get; private set; }

    public ReadOnlySpan<char> this[int index] => _chars.AsSpan(_starts[index], _lengths[index]);

    public void Clear()
    {
        Count = 0;
        _charCount = 0;
    }

    public void Add(ReadOnlySpan<char> behavior)
    {
        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _lengths, Count * 2);
        }
        if (_charCount + behavior.Length > _chars.Length)
            Array.Resize(ref _chars, Math.Max(_charCount + behavior.Length, _chars.Length * 2));
        behavior.CopyTo(_chars.AsSpan(_charCount));
        _starts[Count] = _charCount;
        _lengths[Count] = behavior.Length;
        _charCount += behavior.Length;
        Count++;
    }

    public void CopyFrom(BehaviorSpans other)
    {
        Clear();
        for (int i = 0; i < other.Count; i++) Add(other[i]);
    }

    public void CopyFrom(IReadOnlyList<string> behaviors)
    {
        Clear();
        for (int i = 0; i < behaviors.Count; i++) Add(behaviors[i] ?? "");
    }
}
