namespace OpenClue.Server.Platform.Auth;

/// <summary>
/// Samples the log of rejected requests: at most one line per second, saying how many were left out since the last
/// one, so a flood of bad signatures cannot fill the disk with log lines.
/// </summary>
public sealed class RejectionLog(ILogger<RejectionLog> log, TimeProvider time)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private long _lastTicks = long.MinValue;
    private long _suppressed;

    public void Rejected(string maskedKey, string target, string? address, string reason)
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastTicks);
        if (last != long.MinValue && time.GetElapsedTime(last, now) < Interval || Interlocked.CompareExchange(ref _lastTicks, now, last) != last)
        {
            Interlocked.Increment(ref _suppressed);
            return;
        }
        var suppressed = Interlocked.Exchange(ref _suppressed, 0);
        log.LogInformation("Request rejected ({Reason}) for access key {AccessKey} from {Address} on {Target}; {Suppressed} more rejections since the last line",
            reason, maskedKey, address, target, suppressed);
    }
}
