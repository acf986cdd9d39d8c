using static OpenClue.Client.Tests.KnownAnswers;

namespace OpenClue.Client.Tests;

public class NcpSignatureV2Tests
{
    [Theory]
    [InlineData("GET", FeaturesPageTarget, FeaturesPageSignature)]
    [InlineData("GET", KoreanFeatureTarget, KoreanFeatureSignature)]
    [InlineData("POST", CreateJobTarget, CreateJobSignature)]
    [InlineData("GET", SpacesAndKoreanTarget, SpacesAndKoreanSignature)]
    [InlineData("DELETE", DeleteKoreanTarget, DeleteKoreanSignature)]
    [InlineData("GET", JapaneseWithSpaceTarget, JapaneseWithSpaceSignature)]
    [InlineData("GET", EncodedQueryTarget, EncodedQuerySignature)]
    [InlineData("GET", KoreanReportTarget, KoreanReportSignature)]
    public void ComputeSignature_matches_independently_computed_value(string method, string target, string expected)
    {
        Assert.Equal(expected, NcpSignatureV2.ComputeSignature(method, target, Timestamp, AccessKey, SecretKey));
    }

    [Fact]
    public void StringToSign_uses_single_line_feeds_and_no_trailing_newline()
    {
        var text = NcpSignatureV2.StringToSign("GET", FeaturesPageTarget, Timestamp, AccessKey);

        Assert.Equal("GET /api/v1/features?index=0&limit=20\n1700000000123\nncp_iam_BPAMKR1234567890", text);
    }

    [Fact]
    public void Method_is_upper_cased_before_signing()
    {
        Assert.Equal(
            FeaturesPageSignature,
            NcpSignatureV2.ComputeSignature("get", FeaturesPageTarget, Timestamp, AccessKey, SecretKey));
    }
}
