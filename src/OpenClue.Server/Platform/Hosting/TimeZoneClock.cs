namespace OpenClue.Server.Platform.Hosting;

/// <summary>Formats instants in the configured time zone, to the second, with offset (D2).</summary>
public sealed class TimeZoneClock(TimeProvider time, TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone;

    public DateTimeOffset Now() => time.GetUtcNow();

    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    public string? Format(DateTimeOffset? instant) => instant is { } i ? Format(i) : null;

    /// <summary>
    /// <c>yyyy-MM-dd'T'HH:mm:sszzz</c> in the zone, written by hand: every list item formats three of these and the
    /// general custom-format path was a visible part of a list request.
    /// </summary>
    public string Format(DateTimeOffset instant)
    {
        var local = ToLocal(instant);
        return string.Create(25, local, static (s, v) =>
        {
            var dt = v.DateTime;
            Write4(s, 0, dt.Year);
            s[4] = '-';
            Write2(s, 5, dt.Month);
            s[7] = '-';
            Write2(s, 8, dt.Day);
            s[10] = 'T';
            Write2(s, 11, dt.Hour);
            s[13] = ':';
            Write2(s, 14, dt.Minute);
            s[16] = ':';
            Write2(s, 17, dt.Second);
            var offset = (int)v.Offset.TotalMinutes;
            s[19] = offset < 0 ? '-' : '+';
            offset = Math.Abs(offset);
            Write2(s, 20, offset / 60);
            s[22] = ':';
            Write2(s, 23, offset % 60);
        });
    }

    private static void Write2(Span<char> s, int at, int value)
    {
        s[at] = (char)('0' + value / 10);
        s[at + 1] = (char)('0' + value % 10);
    }

    private static void Write4(Span<char> s, int at, int value)
    {
        Write2(s, at, value / 100);
        Write2(s, at + 2, value % 100);
    }

    public static TimeZoneClock Create(TimeProvider time, string zoneId) =>
        new(time, TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrWhiteSpace(zoneId) ? "UTC" : zoneId));
}
