namespace OpenClue.Server.Platform.Auth;

/// <summary>
/// Access keys recently found unknown or revoked, least recently used first out, at most <c>capacity</c> of them: a
/// client repeating a wrong key costs no database lookup, and a flood of random keys only cycles this list, never
/// evicting the valid keys' cache (which lives apart). Entries expire after the key cache's TTL, so a key created by
/// another process is accepted within it.
/// </summary>
public sealed class UnknownKeyCache(int capacity, TimeSpan ttl, TimeProvider time)
{
    private readonly Dictionary<string, LinkedListNode<(string Key, long At)>> _index = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, long At)> _order = new();
    private readonly Lock _lock = new();

    public int Count { get { lock (_lock) return _index.Count; } }

    public bool Contains(string accessKey)
    {
        lock (_lock)
        {
            if (!_index.TryGetValue(accessKey, out var node)) return false;
            if (time.GetElapsedTime(node.Value.At) > ttl)
            {
                _order.Remove(node);
                _index.Remove(accessKey);
                return false;
            }
            _order.Remove(node);
            _order.AddFirst(node);
            return true;
        }
    }

    public void Add(string accessKey)
    {
        lock (_lock)
        {
            if (_index.Remove(accessKey, out var existing)) _order.Remove(existing);
            _index[accessKey] = _order.AddFirst((accessKey, time.GetTimestamp()));
            while (_index.Count > capacity)
            {
                var oldest = _order.Last!;
                _order.RemoveLast();
                _index.Remove(oldest.Value.Key);
            }
        }
    }

    public void Remove(string accessKey)
    {
        lock (_lock)
            if (_index.Remove(accessKey, out var node)) _order.Remove(node);
    }
}
