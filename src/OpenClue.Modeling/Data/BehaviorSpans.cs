namespace OpenClue.Modeling.Data;

/// <summary>
/// A user's behaviours as read, in UTF-8 (valid: the reader checked it), packed into one reusable byte buffer with
/// (start, length) offsets, so reading and encoding a user allocates no string per behaviour and decodes nothing.
/// Grows as needed and is reused: no allocation in steady state.
/// </summary>
internal sealed class BehaviorSpans
{
    private const int DefaultBytes = 8192, DefaultBehaviors = 64;
    /// <summary>Buffers grown past this by a rare huge user are dropped on <see cref="Clear"/>, so the many slots of a
    /// feature writer do not each keep the largest user they ever saw.</summary>
    private const int KeepBytes = 32 * 1024, KeepBehaviors = 1024;
    private byte[] _bytes = new byte[DefaultBytes];
    private int[] _starts = new int[DefaultBehaviors];
    private int[] _lengths = new int[DefaultBehaviors];
    private int _byteCount;

    public int Count { get; private set; }

    public ReadOnlySpan<byte> this[int index] => _bytes.AsSpan(_starts[index], _lengths[index]);

    public void Clear()
    {
        Count = 0;
        _byteCount = 0;
        if (_bytes.Length > KeepBytes) _bytes = new byte[DefaultBytes];
        if (_starts.Length > KeepBehaviors)
        {
            _starts = new int[DefaultBehaviors];
            _lengths = new int[DefaultBehaviors];
        }
    }

    public void Add(ReadOnlySpan<byte> behavior)
    {
        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, Count * 2);
            Array.Resize(ref _lengths, Count * 2);
        }
        if (_byteCount + behavior.Length > _bytes.Length)
            Array.Resize(ref _bytes, Math.Max(_byteCount + behavior.Length, _bytes.Length * 2));
        behavior.CopyTo(_bytes.AsSpan(_byteCount));
        _starts[Count] = _byteCount;
        _lengths[Count] = behavior.Length;
        _byteCount += behavior.Length;
        Count++;
    }

    /// <summary>Becomes a copy of <paramref name="other"/>: its packed bytes and offsets copied whole.</summary>
    public void CopyFrom(BehaviorSpans other)
    {
        Clear();
        int count = other.Count, bytes = other._byteCount;
        if (_starts.Length < count)
        {
            _starts = new int[Math.Max(count, _starts.Length * 2)];
            _lengths = new int[_starts.Length];
        }
        if (_bytes.Length < bytes) _bytes = new byte[Math.Max(bytes, _bytes.Length * 2)];
        other._bytes.AsSpan(0, bytes).CopyTo(_bytes);
        other._starts.AsSpan(0, count).CopyTo(_starts);
        other._lengths.AsSpan(0, count).CopyTo(_lengths);
        _byteCount = bytes;
        Count = count;
    }
}
