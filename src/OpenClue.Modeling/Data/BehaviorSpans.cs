namespace OpenClue.Modeling.Data;

/// <summary>
/// A user's behaviours packed into one reusable char buffer with (start, length) offsets, so reading and encoding a user
/// allocates no string per behaviour. Grows as needed and is reused: no allocation in steady state.
/// </summary>
internal sealed class BehaviorSpans
{
    private const int DefaultChars = 4096, DefaultBehaviors = 64;
    /// <summary>Buffers grown past this by a rare huge user are dropped on <see cref="Clear"/>, so the many slots of a
    /// feature writer do not each keep the largest user they ever saw.</summary>
    private const int KeepChars = 16 * 1024, KeepBehaviors = 1024;
    private char[] _chars = new char[DefaultChars];
    private int[] _starts = new int[DefaultBehaviors];
    private int[] _lengths = new int[DefaultBehaviors];
    private int _charCount;

    public int Count { get; private set; }

    public ReadOnlySpan<char> this[int index] => _chars.AsSpan(_starts[index], _lengths[index]);

    public void Clear()
    {
        Count = 0;
        _charCount = 0;
        if (_chars.Length > KeepChars) _chars = new char[DefaultChars];
        if (_starts.Length > KeepBehaviors)
        {
            _starts = new int[DefaultBehaviors];
            _lengths = new int[DefaultBehaviors];
        }
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

    /// <summary>Becomes a copy of <paramref name="other"/>: its packed chars and offsets copied whole.</summary>
    public void CopyFrom(BehaviorSpans other)
    {
        Clear();
        int count = other.Count, chars = other._charCount;
        if (_starts.Length < count)
        {
            _starts = new int[Math.Max(count, _starts.Length * 2)];
            _lengths = new int[_starts.Length];
        }
        if (_chars.Length < chars) _chars = new char[Math.Max(chars, _chars.Length * 2)];
        other._chars.AsSpan(0, chars).CopyTo(_chars);
        other._starts.AsSpan(0, count).CopyTo(_starts);
        other._lengths.AsSpan(0, count).CopyTo(_lengths);
        _charCount = chars;
        Count = count;
    }

    public void CopyFrom(IReadOnlyList<string> behaviors)
    {
        Clear();
        for (int i = 0; i < behaviors.Count; i++) Add(behaviors[i] ?? "");
    }
}
