using System.Net;
using System.Threading.RateLimiting;

namespace OpenClue.Server.WebConsole.Authentication;

/// <summary>Sign-in attempts per client address: a fixed window of <see cref="ConsoleOptions.SignInAttempts"/>.</summary>
public sealed class SignInThrottle(ConsoleOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.SignInAttempts),
            Window = options.SignInWindow,
            QueueLimit = 0,
        }));

    public TimeSpan Window => options.SignInWindow;

    /// <summary>True when this address may try once more now; every attempt counts, right or wrong.</summary>
    public bool TryAttempt(IPAddress? address)
    {
        using var lease = _limiter.AttemptAcquire(address?.ToString() ?? "unknown");
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
