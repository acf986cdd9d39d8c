using System.Collections.Concurrent;
using System.Net;

namespace OpenClue.Server.Platform.Auth;

/// <summary>
/// Failed authentications per client address (a token bucket of <c>Auth:FailuresPerSecond</c>, burst
/// <c>Auth:FailureBurst</c>). An address over its budget is answered 429 at once for any key the server does not
/// already hold in its cache, so a flood of made-up keys costs neither database lookups nor log lines, while the same
/// address's requests with a known key still go through. Addresses tracked are bounded: idle ones are dropped first.
/// </summary>
public sealed class AuthFailureLimiter(double failuresPerSecond, double burst, TimeProvider time)
{
    private const int MaxAddresses = 100_000;

    private sealed class Bucket { public double Tokens; public long LastTicks; }

    private readonly ConcurrentDictionary<IPAddress, Bucket> _buckets = new();

    public bool Enabled => failuresPerSecond > 0;

    /// <summary>True while the address still has failures to spend.</summary>
    public bool Allows(IPAddress? address)
    {
        if (!Enabled || address is null || !_buckets.TryGetValue(address, out var bucket)) return true;
        lock (bucket) return Refill(bucket, time.GetTimestamp()) >= 1;
    }

    public void RecordFailure(IPAddress? address)
    {
        if (!Enabled || address is null) return;
        var now = time.GetTimestamp();
        if (_buckets.Count >= MaxAddresses) DropIdle(now);
        var bucket = _buckets.GetOrAdd(address, _ => new Bucket { Tokens = burst, LastTicks = now });
        lock (bucket) bucket.Tokens = Math.Max(0, Refill(bucket, now) - 1);
    }

    private double Refill(Bucket bucket, long now)
    {
        bucket.Tokens = Math.Min(burst, bucket.Tokens + time.GetElapsedTime(bucket.LastTicks, now).TotalSeconds * failuresPerSecond);
        bucket.LastTicks = now;
        return bucket.Tokens;
    }

    private void DropIdle(long now)
    {
        foreach (var (address, bucket) in _buckets)
        {
            bool idle;
            lock (bucket) idle = Refill(bucket, now) >= burst;
            if (idle) _buckets.TryRemove(address, out _);
        }
    }
}
