using System.Collections.Concurrent;

namespace OpenClue.Server.Platform.Auth;

/// <summary>Per-access-key token bucket (D8), per process; off when the configured rate is 0.</summary>
public sealed class RequestRateLimiter(double requestsPerSecond, TimeProvider time)
{
    private sealed class Bucket { public double Tokens; public long LastTicks; }

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public bool Enabled => requestsPerSecond > 0;

    public bool TryAcquire(string accessKey)
    {
        if (!Enabled) return true;
        var burst = Math.Max(1, requestsPerSecond);
        var now = time.GetTimestamp();
        var bucket = _buckets.GetOrAdd(accessKey, _ => new Bucket { Tokens = burst, LastTicks = now });
        lock (bucket)
        {
            var elapsed = time.GetElapsedTime(bucket.LastTicks, now).TotalSeconds;
            bucket.LastTicks = now;
            bucket.Tokens = Math.Min(burst, bucket.Tokens + elapsed * requestsPerSecond);
            if (bucket.Tokens < 1) return false;
            bucket.Tokens -= 1;
            return true;
        }
    }
}
