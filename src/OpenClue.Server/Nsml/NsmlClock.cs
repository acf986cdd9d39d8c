using OpenClue.Server.Platform.Hosting;

namespace OpenClue.Server.Nsml;

/// <summary>Time for NSML: stored as Unix milliseconds, shown as <c>yyyy-MM-dd HH:mm:ss</c> in the server's zone (N6).</summary>
public sealed class NsmlClock(TimeProvider time, TimeZoneClock zone)
{
    public long NowMs() => time.GetUtcNow().ToUnixTimeMilliseconds();

    public string Format(long unixMs) =>
        zone.ToLocal(DateTimeOffset.FromUnixTimeMilliseconds(unixMs)).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    public string? Format(long? unixMs) => unixMs is { } ms ? Format(ms) : null;
}
