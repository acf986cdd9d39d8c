using System.Globalization;
using OpenClue.Server.Platform.Hosting;

namespace OpenClue.Server.Tests.Persistence;

/// <summary>The hand-written D2 timestamp format agrees with the general formatter in every zone and offset sign.</summary>
public sealed class TimeZoneClockTests
{
    [Theory]
    [InlineData("UTC")]
    [InlineData("Asia/Seoul")]
    [InlineData("America/St_Johns")]
    [InlineData("Pacific/Kiritimati")]
    [InlineData("America/Los_Angeles")]
    public void Formats_as_the_general_formatter(string zone)
    {
        var clock = TimeZoneClock.Create(TimeProvider.System, zone);
        var rng = new Random(11);
        var instants = new List<DateTimeOffset> { DateTimeOffset.UnixEpoch, new(2026, 3, 8, 10, 0, 0, TimeSpan.Zero), new(9999, 12, 30, 0, 0, 0, TimeSpan.Zero) };
        for (var i = 0; i < 500; i++)
            instants.Add(new DateTimeOffset(new DateTime(1990, 1, 1).AddTicks((long)(rng.NextDouble() * TimeSpan.FromDays(18000).Ticks)),
                TimeSpan.FromMinutes(rng.Next(-12 * 4, 12 * 4 + 1) * 15)));
        foreach (var instant in instants)
            Assert.Equal(clock.ToLocal(instant).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), clock.Format(instant));
        Assert.Null(clock.Format((DateTimeOffset?)null));
    }
}
