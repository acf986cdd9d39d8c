using System.Globalization;

namespace OpenClue.Server.Hosting;

/// <summary>Formats instants in the configured time zone, to the second, with offset (D2).</summary>
public sealed class TimeZoneClock(TimeProvider time, TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public DateTimeOffset Now() => time.GetUtcNow();

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public string? Format(DateTimeOffset? instant) =>
        instant is { } i ? ToLocal(i).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : null;

    public static TimeZoneClock Create(TimeProvider time, string zoneId) =>
        new(time, TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(zoneId) ? "UTC" : zoneId));
}
