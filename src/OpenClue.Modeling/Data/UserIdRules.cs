namespace OpenClue.Modeling.Data;

/// <summary>User-id validation shared by the dataset readers.</summary>
internal static class UserIdRules
{
    /// <summary>Trims the raw id field; empty → UNEXPECTED_TXT_FORMAT; over 100 runes → LIMIT_ERROR_MID_LENGTH (if <paramref name="checkLength"/>).</summary>
    public static string Parse(ReadOnlySpan<char> rawField, DatasetLineReader reader, bool checkLength = true)
    {
        ReadOnlySpan<char> id = rawField.Trim();
        if (id.IsEmpty)
            throw new DatasetException(FailMessages.UnexpectedTxtFormat, reader.SourceName, reader.LineNumber, "empty user id");
        if (checkLength && CountRunes(id) > Limits.MaxUserIdRunes)
            throw new DatasetException(FailMessages.LimitErrorMidLength, reader.SourceName, reader.LineNumber,
                $"user id {DatasetException.Excerpt(id)} is longer than {Limits.MaxUserIdRunes} characters");
        return new string(id);
    }

    /// <summary>Unicode code points, so a Korean or emoji id is measured the way users count it.</summary>
    public static int CountRunes(ReadOnlySpan<char> text)
    {
        if (text.Length <= Limits.MaxUserIdRunes) return text.Length - CountLowSurrogates(text);
        int count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }

    private static int CountLowSurrogates(ReadOnlySpan<char> text)
    {
        int n = 0;
        foreach (char c in text) if (char.IsLowSurrogate(c)) n++;
        return n;
    }
}
