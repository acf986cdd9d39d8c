using OpenClue.Modeling.Text;

namespace OpenClue.Modeling.Data;

/// <summary>
/// Reads a sequence dataset (rule D15): lines <c>user_id&lt;TAB&gt;behaviour-&gt;behaviour-&gt;…</c>, UTF-8 (BOM ignored),
/// optionally gzip'd, streamed line by line. Lines stay in UTF-8 (<see cref="DatasetLineReader.OpenUtf8"/>): they are split
/// and trimmed on bytes and the behaviours kept as UTF-8 (<see cref="BehaviorSpans"/>); only the user id is decoded.
/// </summary>
public static class SequenceDatasetReader
{
    private static ReadOnlySpan<byte> Arrow => "->"u8;

    /// <summary>
    /// Lazily yields one <see cref="UserSequence"/> per record line, parts in the given order.
    /// The SAME <see cref="UserSequence"/> instance is reused for every user: copy what you keep.
    /// Throws <see cref="DatasetException"/> while enumerating: UNEXPECTED_TXT_FORMAT (no tab / empty id),
    /// UNEXPECTED_FILE_TYPE (invalid UTF-8, NUL, corrupt gzip, gzip over <paramref name="limits"/>), UNEXPECTED_TXT_FORMAT (a line
    /// over <paramref name="limits"/>), DUPLICATE_USERID (across all parts),
    /// LIMIT_ERROR_MID_LENGTH (id over 100 code points), NOT_EXIST_FILE (no user at all, raised at the end).
    /// </summary>
    public static IEnumerable<UserSequence> Read(IEnumerable<DatasetPart> parts, DatasetLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return ReadIterator(parts, limits ?? DatasetLimits.Default);
    }

    private static IEnumerable<UserSequence> ReadIterator(IEnumerable<DatasetPart> parts, DatasetLimits limits)
    {
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var user = new UserSequence();
        char[] idChars = new char[128];
        foreach (DatasetPart part in parts)
        {
            using DatasetLineReader reader = DatasetLineReader.OpenUtf8(part, limits);
            while (reader.ReadRecordLineUtf8())
            {
                ParseRecord(reader, user, seenIds, ref idChars);
                yield return user;
            }
        }
        if (seenIds.Count == 0)
            throw new DatasetException(FailMessages.NotExistFile, null, 0, "the dataset contains no user");
    }

    private static void ParseRecord(DatasetLineReader reader, UserSequence user, HashSet<string> seenIds, ref char[] idChars)
    {
        ReadOnlySpan<byte> line = reader.CurrentLineUtf8;
        int tab = line.IndexOf((byte)'\t');
        if (tab < 0)
            throw new DatasetException(FailMessages.UnexpectedTxtFormat, reader.SourceName, reader.LineNumber,
                $"no tab between user id and sequence in {DatasetException.Excerpt(System.Text.Encoding.UTF8.GetString(line))}");

        // The id is trimmed as bytes (the same whitespace as the UTF-16 trim), then decoded for the id rules.
        ReadOnlySpan<byte> idField = Utf8Text.Trim(line[..tab]);
        if (idChars.Length < idField.Length) idChars = new char[Math.Max(idField.Length, idChars.Length * 2)];
        int idLength = System.Text.Encoding.UTF8.GetChars(idField, idChars);
        string userId = UserIdRules.Parse(idChars.AsSpan(0, idLength), reader);
        if (!seenIds.Add(userId))
            throw new DatasetException(FailMessages.DuplicateUserId, reader.SourceName, reader.LineNumber, $"duplicate user id '{userId}'");

        user.UserId = userId;
        BehaviorSpans behaviors = user.Spans;
        behaviors.Clear();
        ReadOnlySpan<byte> rest = line[(tab + 1)..];
        while (true)
        {
            int arrow = rest.IndexOf(Arrow);
            ReadOnlySpan<byte> behavior = Utf8Text.Trim(arrow >= 0 ? rest[..arrow] : rest);
            if (!behavior.IsEmpty) behaviors.Add(behavior);
            if (arrow < 0) break;
            rest = rest[(arrow + Arrow.Length)..];
        }
        user.MarkSpansCurrent();
    }
}
