using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OpenClue.Server.Platform.Persistence;

/// <summary>Reads columns of the metadata schema from a raw reader as EF Core would map them, for either provider.</summary>
public static class StoredValues
{
    public static string? String(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? Int64(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static int? Int32(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static double? Double(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);

    public static DateTimeOffset? Timestamp(DbDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal)) return null;
        // SQLite stores EF's DateTimeOffset as text; the general parser was a visible part of every list request.
        if (reader is SqliteDataReader sqlite && TryParseSqliteText(sqlite.GetString(ordinal), out var parsed)) return parsed;
        return reader.GetFieldValue<DateTimeOffset>(ordinal);
    }

    /// <summary>
    /// Parses the text EF Core's SQLite provider writes for a DateTimeOffset, <c>yyyy-MM-dd HH:mm:ss[.fffffff]±HH:mm</c>;
    /// false for anything else (the caller then uses the provider's general parser).
    /// </summary>
    public static bool TryParseSqliteText(ReadOnlySpan<char> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 25 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':') return false;
        int year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2);
        int hour = Digits(s, 11, 2), minute = Digits(s, 14, 2), second = Digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) return false;
        var at = 19;
        long fraction = 0;
        if (s[at] == '.')
        {
            var start = ++at;
            while (at < s.Length && char.IsAsciiDigit(s[at])) fraction = fraction * 10 + (s[at++] - '0');
            var count = at - start;
            if (count is 0 or > 7) return false;
            for (var i = count; i < 7; i++) fraction *= 10;
        }
        if (s.Length - at != 6 || s[at] is not ('+' or '-') || s[at + 3] != ':') return false;
        int offsetHours = Digits(s, at + 1, 2), offsetMinutes = Digits(s, at + 4, 2);
        if ((offsetHours | offsetMinutes) < 0 || offsetHours > 14 || offsetMinutes > 59 || month is < 1 or > 12 ||
            day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month) || hour > 23 || minute > 59 || second > 59 || year < 1)
            return false;
        var offset = new TimeSpan(offsetHours, offsetMinutes, 0);
        if (s[at] == '-') offset = -offset;
        var local = new DateTime(year, month, day, hour, minute, second).AddTicks(fraction);
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks) return false;
        value = new DateTimeOffset(local, offset);
        return true;
    }

    private static int Digits(ReadOnlySpan<char> s, int start, int count)
    {
        var n = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = s[i] - '0';
            if ((uint)d > 9) return -1;
            n = n * 10 + d;
        }
        return n;
    }
}
