using OpenClue.Modeling.Data;
using static OpenClue.Modeling.Tests.TestData;

namespace OpenClue.Modeling.Tests;

public class SequenceDatasetReaderTests
{
    private static List<(string Id, string[] Behaviors)> ReadAll(params DatasetPart[] parts) =>
        SequenceDatasetReader.Read(parts).Select(u => (u.UserId, u.Behaviors.ToArray())).ToList();

    private static DatasetException Fails(params DatasetPart[] parts) =>
        Assert.Throws<DatasetException>(() => ReadAll(parts));

    [Fact]
    public void ReadsUsersSplittingOnArrowAndTrimming()
    {
        var users = ReadAll(Part("a.txt", " user42 \tsearch: dog food -> click: kibble 2kg->buy: chew toy\nu2\tx\n"));
        Assert.Equal(2, users.Count);
        Assert.Equal("user42", users[0].Id);
        Assert.Equal(["search: dog food", "click: kibble 2kg", "buy: chew toy"], users[0].Behaviors);
        Assert.Equal(["x"], users[1].Behaviors);
    }

    [Fact]
    public void BomCrlfHeaderBlankLinesAndMissingFinalNewline()
    {
        var bytes = Concat([0xEF, 0xBB, 0xBF], Utf8("USER_ID \tsequence\r\n\r\n   \r\nu1\ta->b\r\nu2\tc"));
        var users = ReadAll(Part("a.txt", bytes));
        Assert.Equal(["u1", "u2"], users.Select(u => u.Id));
        Assert.Equal(["a", "b"], users[0].Behaviors);
        Assert.Equal(["c"], users[1].Behaviors);
    }

    [Fact]
    public void EmptyBehavioursDroppedAndTabAloneMeansNoBehaviours()
    {
        var users = ReadAll(Part("a.txt", "u1\t->a->  ->->b->\nu2\t\nu3\t  "));
        Assert.Equal(["a", "b"], users[0].Behaviors);
        Assert.Empty(users[1].Behaviors);
        Assert.Empty(users[2].Behaviors);
    }

    [Fact]
    public void SplitsAtFirstTabOnlyAndKeepsSingleDashOrArrowFragments()
    {
        var users = ReadAll(Part("a.txt", "u1\ta\tb->c-d>e"));
        Assert.Equal(["a\tb", "c-d>e"], users[0].Behaviors);
    }

    [Fact]
    public void GzipIsDetectedByMagicBytes()
    {
        byte[] gz = Gzip(Concat([0xEF, 0xBB, 0xBF], Utf8("user_id\tseq\nu1\ta->b\n")));
        var users = ReadAll(new DatasetPart("data.bin", () => new TrickleStream(gz)));
        Assert.Single(users);
        Assert.Equal(["a", "b"], users[0].Behaviors);
    }

    [Fact]
    public void MultiplePartsInOrderEachWithOwnHeader()
    {
        var users = ReadAll(Parts("user_id\tx\nu1\ta", "user_id\tx\nu2\tb\nu3\tc"));
        Assert.Equal(["u1", "u2", "u3"], users.Select(u => u.Id));
    }

    [Fact]
    public void HeaderOnlyCountsOnFirstLine()
    {
        var users = ReadAll(Part("a.txt", "\nu1\ta\nuser_id\tb"));
        Assert.Equal(["u1", "user_id"], users.Select(u => u.Id));
    }

    [Fact]
    public void UserIdsAreCaseSensitive()
    {
        Assert.Equal(2, ReadAll(Part("a.txt", "U1\ta\nu1\tb")).Count);
    }

    [Fact]
    public void VeryLongLineIsStreamed()
    {
        string behavior = new('x', 1000);
        string line = "u1\t" + string.Join("->", Enumerable.Repeat(behavior, 3000)); // ~3 MB
        var users = ReadAll(Part("a.txt", line + "\nu2\tz\n"));
        Assert.Equal(3000, users[0].Behaviors.Length);
        Assert.All(users[0].Behaviors, b => Assert.Equal(1000, b.Length));
        Assert.Equal("u2", users[1].Id);
    }

    [Fact]
    public void MultiByteCharactersAcrossBufferBoundariesDecode()
    {
        string korean = string.Concat(Enumerable.Repeat("강아지사료", 40_000)); // 600 KB of 3-byte chars
        var users = ReadAll(new DatasetPart("k.txt", () => new MemoryStream(Utf8("사용자\t" + korean))));
        Assert.Equal("사용자", users[0].Id);
        Assert.Equal(korean, users[0].Behaviors[0]);
    }

    [Fact]
    public void ReaderIsLazyAndReusesTheInstance()
    {
        int opened = 0;
        var part = new DatasetPart("a", () => { opened++; return new MemoryStream(Utf8("u1\ta\nu2\tb")); });
        var sequence = SequenceDatasetReader.Read([part]);
        Assert.Equal(0, opened);
        using var e = sequence.GetEnumerator();
        Assert.True(e.MoveNext());
        var first = e.Current;
        Assert.True(e.MoveNext());
        Assert.Same(first, e.Current);
        Assert.Equal("u2", e.Current.UserId);
    }

    [Fact]
    public void NoTab() => AssertFails(FailMessages.UnexpectedTxtFormat, 2, "u1\ta\nu2 a->b");

    [Fact]
    public void EmptyUserId() => AssertFails(FailMessages.UnexpectedTxtFormat, 1, "  \ta->b");

    [Fact]
    public void NulByte() => AssertFails(FailMessages.UnexpectedFileType, 2, Utf8("u1\ta\nu2\ta\0b"));

    [Fact]
    public void InvalidUtf8ReportsTheRightLine() => AssertFails(FailMessages.UnexpectedFileType, 3, Concat(Utf8("u1\ta\nu2\tb\nu3\t"), [0xC3, 0x28], Utf8("\nu4\tc")));

    [Fact]
    public void TruncatedUtf8AtEndOfFile() => AssertFails(FailMessages.UnexpectedFileType, 1, Concat(Utf8("u1\t"), [0xE3, 0x81]));

    [Fact]
    public void Latin1FileIsRejected() => AssertFails(FailMessages.UnexpectedFileType, 1, Concat(Utf8("u1\tcaf"), [0xE9]));

    [Fact]
    public void CorruptGzip() => AssertFails(FailMessages.UnexpectedFileType, 1, [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);

    [Fact]
    public void TruncatedGzip()
    {
        byte[] gz = Gzip(Utf8(string.Concat(Enumerable.Range(0, 5000).Select(i => $"u{i}\tbehaviour {i * 7919 % 1000}\n"))));
        var e = Fails(Part("f.txt", gz[..(gz.Length / 2)]));
        Assert.Equal(FailMessages.UnexpectedFileType, e.FailMessage);
    }

    [Fact]
    public void DuplicateWithinPart() => AssertFails(FailMessages.DuplicateUserId, 3, "u1\ta\nu2\tb\nu1\tc");

    [Fact]
    public void DuplicateAcrossParts()
    {
        var e = Fails(Parts("u1\ta\nu2\tb", "u3\tc\n u2 \td"));
        Assert.Equal(FailMessages.DuplicateUserId, e.FailMessage);
        Assert.Equal("part-1.txt", e.SourceName);
        Assert.Equal(2, e.LineNumber);
    }

    [Fact]
    public void IdOf100KoreanRunesIsAcceptedAnd101Rejected()
    {
        string id100 = string.Concat(Enumerable.Repeat("가", 99)) + "😀"; // 100 runes, 101 chars
        Assert.Single(ReadAll(Part("a", id100 + "\ta")));
        AssertFails(FailMessages.LimitErrorMidLength, 1, string.Concat(Enumerable.Repeat("가", 101)) + "\ta");
    }

    [Fact]
    public void EmptyFileIsNotExistFile()
    {
        var e = Fails(Part("a", ""));
        Assert.Equal(FailMessages.NotExistFile, e.FailMessage);
    }

    [Fact]
    public void HeaderAndBlankLinesOnlyIsNotExistFile()
    {
        Assert.Equal(FailMessages.NotExistFile, Fails(Parts("user_id\tsequence\n\n", "\r\n")).FailMessage);
    }

    [Fact]
    public void ExceptionMessageNamesFileAndLine()
    {
        var e = Fails(Part("dir/part-3.txt", "u1\ta\nbad"));
        Assert.Contains("dir/part-3.txt", e.Message);
        Assert.Contains("line 2", e.Message);
    }

    private static void AssertFails(string failMessage, long line, string text) => AssertFails(failMessage, line, Utf8(text));

    private static void AssertFails(string failMessage, long line, byte[] bytes)
    {
        var e = Fails(Part("f.txt", bytes));
        Assert.Equal(failMessage, e.FailMessage);
        Assert.Equal(line, e.LineNumber);
        Assert.Equal("f.txt", e.SourceName);
    }
}
