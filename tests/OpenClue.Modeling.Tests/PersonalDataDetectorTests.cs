using OpenClue.Modeling.Data;
using static OpenClue.Modeling.Tests.TestData;

namespace OpenClue.Modeling.Tests;

public class PersonalDataDetectorTests
{
    [Theory]
    [InlineData("900101-1234567")]             // resident registration number
    [InlineData("9001011234567")]              // … without hyphen
    [InlineData("주민번호 851231-2345678입니다")]
    [InlineData("010-1234-5678")]              // mobile
    [InlineData("01012345678")]
    [InlineData("011 234 5678")]
    [InlineData("call 019-123-4567 now")]
    [InlineData("010-1234-5678로 연락")]
    [InlineData("kim.minsu+shop@naver.com")]   // e-mail
    [InlineData("mail: a@b.co.kr")]
    [InlineData("4111 1111 1111 1111")]        // card, Luhn-valid
    [InlineData("4111-1111-1111-1111")]
    [InlineData("5500000000000004")]
    [InlineData("378282246310005")]            // Amex, 15 digits
    [InlineData("M12345678")]                  // passport
    [InlineData("passport S98765432")]
    [InlineData("11-22-333333-44")]            // driver licence
    public void DetectsPersonalData(string text) => Assert.True(PersonalDataDetector.Contains(text), text);

    [Theory]
    [InlineData("user42")]
    [InlineData("u000123")]
    [InlineData("search: dog food->click: kibble 2kg")]
    [InlineData("4111 1111 1111 1112")]        // 16 digits failing Luhn: not a card
    [InlineData("4111111111111112")]
    [InlineData("12345678901234567890")]       // 20-digit item id
    [InlineData("item 41111111111111110")]     // 17 digits, fails Luhn
    [InlineData("901301-1234567")]             // month 13
    [InlineData("900132-1234567")]             // day 32
    [InlineData("900101-9234567")]             // gender digit 9
    [InlineData("sku9001011234567")]           // glued to letters: an id, not an RRN
    [InlineData("012-1234-5678")]              // not a mobile prefix
    [InlineData("0109999567890")]              // 13 digits: too long for a mobile, day 99, fails Luhn
    [InlineData("m12345678")]                  // passport letters are upper case
    [InlineData("X12345678")]
    [InlineData("user@host")]                  // no domain suffix
    [InlineData("가격 12,000원")]
    [InlineData("")]
    public void IgnoresOrdinaryText(string text) => Assert.False(PersonalDataDetector.Contains(text), text);

    [Fact]
    public void ScanHeadFindsPersonalDataInGzipAndStopsAtMaxLines()
    {
        string text = string.Concat(Enumerable.Range(0, 50).Select(i => $"u{i}\tview: item {i}\n")) + "u50\tcall 010-1234-5678\n";
        byte[] gz = Gzip(Concat([0xEF, 0xBB, 0xBF], Utf8(text)));
        Assert.True(PersonalDataDetector.ScanHead(new MemoryStream(gz)));
        Assert.False(PersonalDataDetector.ScanHead(new MemoryStream(gz), maxLines: 50));
        Assert.True(PersonalDataDetector.ScanHead(new MemoryStream(gz), maxLines: 51));
    }

    [Fact]
    public void ScanHeadToleratesInvalidUtf8AndLeavesStreamOpen()
    {
        var stream = new MemoryStream(Concat([0xFF, 0xFE], Utf8("x\nkim@example.com\n")));
        Assert.True(PersonalDataDetector.ScanHead(stream));
        Assert.True(stream.CanRead);
    }
}
