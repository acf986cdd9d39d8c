using System.Text;
using OpenClue.Modeling.Data;
using OpenClue.Modeling.Encoding;
using OpenClue.Modeling.Features;

namespace OpenClue.Modeling.Tests;

/// <summary>
/// The sequence reader hands UTF-8 lines to the parser (no UTF-16 at all); before, it decoded every chunk to UTF-16 and
/// split and trimmed chars. <see cref="ReferenceRead"/> keeps that UTF-16 reader (the decoding line reader, which the
/// label reader still uses, and the former record parsing), and the feature writer fed its strings takes the UTF-16
/// parser path. On random and adversarial files — non-ASCII and 4-byte characters, Unicode whitespace at the edges,
/// CRLF, BOM, blank lines, header look-alikes, invalid UTF-8 and NUL anywhere (also across the 64 KB chunks and in
/// one-byte reads), lines over a small limit — both must give the same users or the same error (fail message, line,
/// detail), and the same feature-file bytes.
/// </summary>
public class Utf8ReaderEqualityTests
{
    private static readonly string[] Fragments =
    [
        "click: Kibble 2kg", "東京タワー 見学", "ｶﾀｶﾅ ＡＢＣ１２３", "㎏ ﬁle Straße", "café é", "사료 구매", "아이폰15 케이스",
        "emoji 😀 test", "İstanbul ΣΟΦΙΑ", "spaced   out\u3000word", "x", "Ω ℃ Ⅻ", "한글ㄱㄴ 가", "中文字符测试", "𠀀𠀁 ext",
        "a\u0301b\u0308", "ＨＥＬＬＯ　ＷＯＲＬＤ", "sku-12345/abc.def,ghi", "Привет Мир", "ﾊﾟﾋﾟﾌﾟ", "ǅungla",
        "view: item 4367430 폴로 울트라 니트 베이지", "search: 옥스포드 셔츠 추천", "‐‑–— dashes", "\u00a0nbsp\u2003em",
        "UPPER한글MIX123abc", "a  b", "tab\there", "x\vy\fz", "-", ">", "- >", "", " ", "\u3000", "\u0085nel\u0085",
        "\u2028ls", "\u001fus", "\u00a0", "한", "힣", "\uD7A4jamo", "ꀀ yi", "퟿", "\uFEFFbom-in-text", "user_id",
    ];

    private static readonly string[] Spaces = ["", " ", "  ", "\t", "\u3000", "\u00a0", "\u0085", "\u2003", "\v", "\u001f"];

    /// <summary>A random sequence file of about <paramref name="users"/> lines (some blank, some look-alike headers).</summary>
    private static string RandomFile(int seed, int users, int maxBehaviors, bool header)
    {
        var random = new Random(seed);
        var text = new StringBuilder();
        if (header) text.Append(random.Next(4) switch { 0 => "user_id\tsequence", 1 => " USER_ID ", 2 => "user_ıd\tx", _ => "\u3000User_Id\u3000\tseq" }).Append('\n');
        for (int u = 0; u < users; u++)
        {
            // A blank line now and then (the last of the spaces, U+001F, is not whitespace).
            if (random.Next(20) == 0) text.Append(Spaces[random.Next(Spaces.Length - 1)]).Append(random.Next(2) == 0 ? "\n" : "\r\n");
            text.Append(Spaces[random.Next(3)]).Append(random.Next(10) == 0 ? "사용자" : "u").Append(u).Append(Spaces[random.Next(Spaces.Length)]).Append('\t');
            int n = random.Next(maxBehaviors);
            for (int b = 0; b < n; b++)
            {
                if (b > 0) text.Append(random.Next(8) == 0 ? " -> " : "->");
                text.Append(Spaces[random.Next(Spaces.Length)]).Append(Fragments[random.Next(Fragments.Length)]);
                if (random.Next(3) == 0) text.Append(' ').Append(random.Next(5000));
                text.Append(Spaces[random.Next(Spaces.Length)]);
            }
            text.Append(random.Next(3) == 0 ? "\r\n" : "\n");
        }
        return text.ToString();
    }

    /// <summary>The former reader: the decoding line reader and the record parsing on UTF-16.</summary>
    private static IEnumerable<(string Id, List<string> Behaviors)> ReferenceRead(IEnumerable<DatasetPart> parts, DatasetLimits limits)
    {
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (DatasetPart part in parts)
        {
            using DatasetLineReader reader = DatasetLineReader.Open(part, strict: true, limits);
            while (reader.ReadRecordLine())
            {
                ReadOnlySpan<char> line = reader.CurrentLine;
                int tab = line.IndexOf('\t');
                if (tab < 0)
                    throw new DatasetException(FailMessages.UnexpectedTxtFormat, reader.SourceName, reader.LineNumber, $"no tab between user id and sequence in {DatasetException.Excerpt(line)}");
                string userId = UserIdRules.Parse(line[..tab], reader);
                if (!seenIds.Add(userId))
                    throw new DatasetException(FailMessages.DuplicateUserId, reader.SourceName, reader.LineNumber, $"duplicate user id '{userId}'");
                var behaviors = new List<string>();
                ReadOnlySpan<char> rest = line[(tab + 1)..];
                while (true)
                {
                    int arrow = rest.IndexOf("->");
                    ReadOnlySpan<char> behavior = (arrow >= 0 ? rest[..arrow] : rest).Trim();
                    if (!behavior.IsEmpty) behaviors.Add(new string(behavior));
                    if (arrow < 0) break;
                    rest = rest[(arrow + 2)..];
                }
                yield return (userId, behaviors);
            }
        }
        if (seenIds.Count == 0) throw new DatasetException(FailMessages.NotExistFile, null, 0, "the dataset contains no user");
    }

    private static (List<string> Users, string? Error) Outcome(Func<IEnumerable<(string Id, List<string> Behaviors)>> read)
    {
        var users = new List<string>();
        try
        {
            foreach (var (id, behaviors) in read()) users.Add(id + "\u0001" + string.Join("\u0002", behaviors));
            return (users, null);
        }
        catch (DatasetException e)
        {
            return (users, $"{e.FailMessage} {e.SourceName} {e.LineNumber} {e.Detail}");
        }
    }

    /// <summary>Reads <paramref name="bytes"/> both ways (reads of <paramref name="readSizes"/> bytes when given) and
    /// asserts the same users and the same error.</summary>
    private static string? AssertSameRead(byte[] bytes, DatasetLimits? limits = null, int readSizes = 0)
    {
        limits ??= DatasetLimits.Default;
        DatasetPart part = new("f.tsv", () => readSizes == 0 ? new MemoryStream(bytes, writable: false) : new ChunkedStream(bytes, readSizes));
        var expected = Outcome(() => ReferenceRead([part], limits));
        var actual = Outcome(() => SequenceDatasetReader.Read([part], limits).Select(u => (u.UserId, u.Behaviors)));
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Users, actual.Users);
        return actual.Error;
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(4, false)]
    public void RandomFilesReadAlike(int seed, bool header)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(RandomFile(seed, 3000, 40, header)); // several 64 KB chunks
        if (seed % 2 == 0) bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        Assert.Null(AssertSameRead(bytes));
        AssertSameRead(bytes, readSizes: 7 + seed);
        AssertSameRead(TestData.Gzip(bytes));
    }

    /// <summary>Invalid sequences and NUL put at chunk edges (reads of 2 bytes, then 64 KB) and at random places.</summary>
    [Fact]
    public void InvalidUtf8AndNulFailAlikeWherever()
    {
        byte[] valid = System.Text.Encoding.UTF8.GetBytes(RandomFile(5, 2500, 30, header: false));
        byte[][] bad =
        [
            [0xFF], [0xC0], [0xC1, 0x80], [0x80], [0xE3, 0x28], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xF0, 0x9F], [0xE3, 0x81], [0xEA], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x00], [0xC3, 0x00], [0xE3, 0x0A],
        ];
        var random = new Random(7);
        var positions = new List<int>();
        foreach (int edge in new[] { 2, 2 + 65536, 2 + 2 * 65536 })
            for (int d = -4; d <= 4; d++) positions.Add(Math.Max(0, edge + d));
        for (int i = 0; i < 12; i++) positions.Add(random.Next(valid.Length));
        positions.Add(valid.Length); // at the end: a truncated sequence at end of file
        int errors = 0;
        foreach (int position in positions)
        {
            foreach (byte[] insert in bad)
            {
                byte[] bytes = [.. valid.AsSpan(0, position), .. insert, .. valid.AsSpan(position)];
                if (AssertSameRead(bytes) is not null) errors++;
                if (position < 64) AssertSameRead(bytes, readSizes: 1);
            }
            // A valid multi-byte character split across the edge reads as before.
            byte[] split = [.. valid.AsSpan(0, position), .. "😀한"u8, .. valid.AsSpan(position)];
            AssertSameRead(split);
        }
        Assert.True(errors >= positions.Count * (bad.Length - 1), $"only {errors} inputs failed"); // the tests do test errors
    }

    /// <summary>The line limit counts UTF-16 units (not bytes), '\r' before a chunk edge and the BOM as before.</summary>
    [Theory]
    [InlineData(40)]
    [InlineData(61)]
    [InlineData(200)]
    public void LineLimitInUtf16UnitsAlike(int maxLineChars)
    {
        var limits = new DatasetLimits(maxLineChars, 0, 0);
        var random = new Random(maxLineChars);
        for (int i = 0; i < 40; i++)
        {
            var text = new StringBuilder();
            for (int line = 0; line < 6; line++)
            {
                var record = new StringBuilder().Append('u').Append(line).Append('\t');
                int length = random.Next(maxLineChars - 12, maxLineChars + 4);
                while (record.Length < length) record.Append(random.Next(4) switch { 0 => "한", 1 => "😀", 2 => "a", _ => "->" });
                text.Append(record).Append(random.Next(2) == 0 ? "\r\n" : "\n");
            }
            byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text.ToString());
            AssertSameRead(bytes, limits);
            AssertSameRead([0xEF, 0xBB, 0xBF, .. bytes], limits, readSizes: 3);
        }
        // One long line spanning many chunks, just under and just over the limit.
        foreach (int extra in new[] { -1, 0, 1 })
        {
            var big = new DatasetLimits(70_000 + extra + 3, 0, 0);
            string line = "u\t" + string.Concat(Enumerable.Repeat("한a😀", 10_000)) + "\r\n"; // 2 + 40,000 + 2 units, 100,004 bytes
            AssertSameRead(System.Text.Encoding.UTF8.GetBytes(line + line.Replace("u\t", "v\t")), new DatasetLimits(40_004 + extra, 0, 0));
            AssertSameRead(System.Text.Encoding.UTF8.GetBytes(line), big);
        }
    }

    [Theory]
    [InlineData("u1\ta\nu2 a->b")]
    [InlineData("  \ta->b")]
    [InlineData("u1\ta\nu2\tb\nu1\tc")]
    [InlineData("\u00a0\u3000\t x")]
    [InlineData("\n \r\n\t\n")]
    [InlineData("")]
    [InlineData("user_id\n")]
    [InlineData("\u0085user_id\u2028\tx\nu\tv")]
    [InlineData("USER_ıD\tx\nu\tv")]
    [InlineData("uſer_id\tx\nu\tv")]
    [InlineData("u\t\u3000->\u00a0a\u0085->b\u2028\r\n")]
    public void EdgeCasesReadAlike(string text)
    {
        AssertSameRead(System.Text.Encoding.UTF8.GetBytes(text));
        AssertSameRead([0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(text)]);
    }

    [Theory]
    [InlineData("사", 100)]
    [InlineData("사", 101)]
    [InlineData("😀", 100)]
    [InlineData("😀", 101)]
    [InlineData("a", 101)]
    public void LongIdsReadAlike(string character, int runes) =>
        Assert.NotNull(AssertSameRead(System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(character, runes)) + "\tx\nu1\ta\nu1\tb")));

    /// <summary>Feature files: the reader's UTF-8 behaviours through the UTF-8 parser path, against the former reader's
    /// strings through the UTF-16 path — random users, some past the distinct-token and occurrence limits.</summary>
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void FeatureFilesAreByteIdentical(int seed)
    {
        var text = new StringBuilder(RandomFile(seed, 600, 80, header: seed % 2 == 0));
        var random = new Random(seed);
        for (int u = 0; u < 4; u++)
        {
            // Past 2,048 distinct tokens (numbers), and past 32,768 occurrences (repeats), with the fragments between.
            text.Append("big").Append(u).Append('\t');
            int n = u % 2 == 0 ? 3000 : 12_000;
            for (int b = 0; b < n; b++)
            {
                if (b > 0) text.Append("->");
                text.Append(Fragments[random.Next(Fragments.Length)]).Append(' ').Append(u % 2 == 0 ? random.Next(100_000) : random.Next(50));
            }
            text.Append('\n');
        }
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(text.ToString());
        DatasetPart part = new("f.tsv", () => new MemoryStream(bytes, writable: false));
        byte[] expected = WriteFeatures(ReferenceRead([part], DatasetLimits.Default).Select(u => new UserSequence { UserId = u.Id, Behaviors = u.Behaviors }));
        byte[] actual = WriteFeatures(SequenceDatasetReader.Read([part]));
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(expected.AsSpan().SequenceEqual(actual), "the feature files differ");
    }

    private static byte[] WriteFeatures(IEnumerable<UserSequence> users)
    {
        var output = new MemoryStream();
        using (var writer = new FeatureSetWriter(output, new HashBehaviorEncoder(), leaveOpen: true))
        {
            foreach (UserSequence user in users) writer.Write(user);
            writer.Complete();
        }
        return output.ToArray();
    }

    /// <summary>Reads of at most a fixed number of bytes (the line reader asks for 64 KB).</summary>
    private sealed class ChunkedStream(byte[] bytes, int size) : MemoryStream(bytes, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, size));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, size)]);
    }
}
