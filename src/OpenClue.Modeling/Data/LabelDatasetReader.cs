namespace OpenClue.Modeling.Data;

/// <summary>
/// Reads a label dataset (rule D16): lines <c>user_id&lt;TAB&gt;label</c> with label <c>0</c> or <c>1</c>; same
/// encoding, BOM, gzip, header and blank-line rules as <see cref="SequenceDatasetReader"/>.
/// </summary>
public static class LabelDatasetReader
{
    /// <summary>
    /// Reads all parts into userId → label (0/1); order is unspecified. Throws <see cref="DatasetException"/>:
    /// UNEXPECTED_LABEL (missing tab, label not 0/1 after trimming, same user with different labels; a repeat with the
    /// same label is accepted once), UNEXPECTED_TXT_FORMAT (empty id), UNEXPECTED_FILE_TYPE (invalid UTF-8, NUL,
    /// corrupt gzip, gzip over <paramref name="limits"/>), UNEXPECTED_TXT_FORMAT (a line over <paramref name="limits"/>), PERSONAL_DATA_NOT_ALLOWED (any line, when <paramref name="checkPersonalData"/>), NOT_EXIST_FILE
    /// (no label at all).
    /// </summary>
    public static Dictionary<string, byte> Read(IEnumerable<DatasetPart> parts, bool checkPersonalData = true, DatasetLimits? limits = null)
    {
        limits ??= DatasetLimits.Default;
        ArgumentNullException.ThrowIfNull(parts);
        var labels = new Dictionary<string, byte>(StringComparer.Ordinal);
        foreach (DatasetPart part in parts)
        {
            using DatasetLineReader reader = DatasetLineReader.Open(part, strict: true, limits);
            while (reader.ReadRecordLine()) ParseRecord(reader, labels, checkPersonalData);
        }
        if (labels.Count == 0)
            throw new DatasetException(FailMessages.NotExistFile, null, 0, "the label dataset contains no label");
        return labels;
    }

    private static void ParseRecord(DatasetLineReader reader, Dictionary<string, byte> labels, bool checkPersonalData)
    {
        ReadOnlySpan<char> line = reader.CurrentLine;
        // Privacy first: a line holding personal data is reported as such whatever else is wrong with it.
        if (checkPersonalData && PersonalDataDetector.Contains(line))
            throw new DatasetException(FailMessages.PersonalDataNotAllowed, reader.SourceName, reader.LineNumber, "personal data in label file");

        int tab = line.IndexOf('\t');
        if (tab < 0)
            throw new DatasetException(FailMessages.UnexpectedLabel, reader.SourceName, reader.LineNumber, $"no tab between user id and label in {DatasetException.Excerpt(line)}");
        string userId = UserIdRules.Parse(line[..tab], reader, checkLength: false);

        ReadOnlySpan<char> labelText = line[(tab + 1)..].Trim();
        byte label = labelText switch
        {
            "0" => 0,
            "1" => 1,
            _ => throw new DatasetException(FailMessages.UnexpectedLabel, reader.SourceName, reader.LineNumber, $"label {DatasetException.Excerpt(labelText)} of user '{userId}' is not 0 or 1"),
        };

        if (labels.TryGetValue(userId, out byte existing))
        {
            if (existing != label)
                throw new DatasetException(FailMessages.UnexpectedLabel, reader.SourceName, reader.LineNumber,
                    $"user '{userId}' has both labels 0 and 1");
            return;
        }
        labels.Add(userId, label);
    }
}
