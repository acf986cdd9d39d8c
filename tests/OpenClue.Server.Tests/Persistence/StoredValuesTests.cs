using System.Globalization;
using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Tests.Persistence;

/// <summary>The fast parser of SQLite's stored timestamps agrees with the general one, and declines anything else.</summary>
public sealed class StoredValuesTests
{
    [Theory]
    [InlineData("2026-11-22 07:35:20+00:00")]
    [InlineData("2026-11-22 07:35:20.8126632+00:00")]
    [InlineData("2026-11-22 07:35:20.5+09:30")]
    [InlineData("2024-02-29 23:59:59.0000001-05:00")]
    [InlineData("0001-01-01 00:00:00+00:00")]
    [InlineData("9999-12-31 23:59:59.9999999+00:00")]
    [InlineData("2026-01-01 00:00:00.123-14:00")]
    public void Parses_what_ef_writes_exactly_as_the_general_parser(string text)
    {
        Assert.True(StoredValues.TryParseSqliteText(text, out var fast));
        var general = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
        Assert.Equal(general, fast);
        Assert.Equal(general.Offset, fast.Offset);
    }

    [Fact]
    public void Round_trips_what_ef_would_write()
    {
        var rng = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var value = new DateTimeOffset(new DateTime(2000, 1, 1).AddTicks((long)(rng.NextDouble() * TimeSpan.FromDays(20000).Ticks)),
                TimeSpan.FromMinutes(rng.Next(-14 * 4, 14 * 4 + 1) * 15));
            var text = value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);
            Assert.True(StoredValues.TryParseSqliteText(text, out var parsed), text);
            Assert.Equal(value, parsed);
            Assert.Equal(value.Offset, parsed.Offset);
        }
    }

    [Theory]
    [InlineData("2026-11-22T07:35:20+00:00")]
    [InlineData("2026-11-22 07:35:20")]
    [InlineData("2026-11-22 07:35:20Z")]
    [InlineData("2026-11-22 07:35:20.+00:00")]
    [InlineData("2026-11-22 07:35:20.12345678+00:00")]
    [InlineData("2026-02-30 07:35:20+00:00")]
    [InlineData("2026-11-22 24:00:00+00:00")]
    [InlineData("2026-11-22 07:35:20+15:00")]
    [InlineData("0001-01-01 00:00:00+01:00")]
    [InlineData("2026-1a-22 07:35:20+00:00")]
    [InlineData("2026-11-22 07:35:20+00:00 ")]
    public void Declines_other_text(string text) => Assert.False(StoredValues.TryParseSqliteText(text, out _));
}
