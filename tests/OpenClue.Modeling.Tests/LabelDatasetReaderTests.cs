using OpenClue.Modeling.Data;
using static OpenClue.Modeling.Tests.TestData;

namespace OpenClue.Modeling.Tests;

public class LabelDatasetReaderTests
{
    private static string FailMessageOf(string text, bool checkPersonalData = true) =>
        Assert.Throws<DatasetException>(() => LabelDatasetReader.Read([Part("l.txt", text)], checkPersonalData)).FailMessage;

    [Fact]
    public void ReadsLabelsWithBomHeaderCrlfTrimmingAndGzip()
    {
        byte[] bytes = Gzip(Concat([0xEF, 0xBB, 0xBF], Utf8("user_id\tlabel\r\n u1 \t 1 \r\n\r\nu2\t0\r\n")));
        var labels = LabelDatasetReader.Read([Part("l.gz", bytes), Part("more.txt", "u3\t1")]);
        Assert.Equal(3, labels.Count);
        Assert.Equal(1, labels["u1"]);
        Assert.Equal(0, labels["u2"]);
        Assert.Equal(1, labels["u3"]);
    }

    [Fact]
    public void SameUserSameLabelTwiceCountsOnce()
    {
        var labels = LabelDatasetReader.Read(Parts("u1\t1\nu2\t0", "u1\t1"));
        Assert.Equal(2, labels.Count);
    }

    [Fact]
    public void SameUserDifferentLabelsIsUnexpectedLabel() => Assert.Equal(FailMessages.UnexpectedLabel, FailMessageOf("u1\t1\nu2\t0\nu1\t0"));

    [Theory]
    [InlineData("u1\t2")]
    [InlineData("u1\t")]
    [InlineData("u1\tyes")]
    [InlineData("u1\t1.0")]
    [InlineData("u1\t1\textra")]
    [InlineData("u1 1")]
    public void BadLabelIsUnexpectedLabel(string line) => Assert.Equal(FailMessages.UnexpectedLabel, FailMessageOf(line));

    [Fact]
    public void EmptyIdIsUnexpectedTxtFormat() => Assert.Equal(FailMessages.UnexpectedTxtFormat, FailMessageOf(" \t1"));

    [Fact]
    public void NoLabelsIsNotExistFile() => Assert.Equal(FailMessages.NotExistFile, FailMessageOf("user_id\tlabel\n\n"));

    [Fact]
    public void InvalidUtf8IsUnexpectedFileType() =>
        Assert.Equal(FailMessages.UnexpectedFileType,
            Assert.Throws<DatasetException>(() => LabelDatasetReader.Read([Part("l", Concat(Utf8("u1\t1\nu"), [0xFF], Utf8("\t0")))])).FailMessage);

    [Theory]
    [InlineData("01012345678\t1")]
    [InlineData("u1\t1\nkim@example.com\t0")]
    [InlineData("900101-1234567\t0")]
    public void PersonalDataIsRejected(string text) => Assert.Equal(FailMessages.PersonalDataNotAllowed, FailMessageOf(text));

    [Fact]
    public void PersonalDataCheckCanBeDisabled()
    {
        var labels = LabelDatasetReader.Read([Part("l", "01012345678\t1")], checkPersonalData: false);
        Assert.Equal(1, labels["01012345678"]);
    }
}
