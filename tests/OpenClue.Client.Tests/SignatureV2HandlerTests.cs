using static OpenClue.Client.Tests.KnownAnswers;

namespace OpenClue.Client.Tests;

public class SignatureV2HandlerTests
{
    [Theory]
    [InlineData("GET", "https://clue.example.com/api/v1/features?index=0&limit=20", FeaturesPageSignature)]
    [InlineData("GET", "https://clue.example.com/api/v1/features/카", KoreanFeatureSignature)]
    [InlineData("POST", "https://clue.example.com/api/v1/jobs#ignored-fragment", CreateJobSignature)]
    [InlineData("GET", "https://clue.example.com/api/v1/features/a b?name=카 x&limit=5", SpacesAndKoreanSignature)]
    [InlineData("DELETE", "https://clue.example.com:8443/api/v1/features/%EC%B9%B4?force=true", DeleteKoreanSignature)]
    [InlineData("GET", "https://clue.example.com/api/v1/features/東京 タワー", JapaneseWithSpaceSignature)]
    [InlineData("GET", "https://clue.example.com/api/v1/task-runs?index=20&limit=100&name=a%2Bb%26c", EncodedQuerySignature)]
    [InlineData("GET", "https://clue.example.com/api/v1/tasks/한/report?x=카&y=", KoreanReportSignature)]
    public async Task Sets_the_three_headers_with_the_known_signature(string method, string url, string expected)
    {
        var (client, inner) = CreateClient();

        await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        var sent = Assert.IsType<HttpRequestMessage>(inner.Captured);
        Assert.Equal(Timestamp, Assert.Single(sent.Headers.GetValues(NcpSignatureHeaders.Timestamp)));
        Assert.Equal(AccessKey, Assert.Single(sent.Headers.GetValues(NcpSignatureHeaders.AccessKey)));
        Assert.Equal(expected, Assert.Single(sent.Headers.GetValues(NcpSignatureHeaders.Signature)));
    }

    [Fact]
    public async Task Relative_uris_are_resolved_against_the_base_address_before_signing()
    {
        var (client, inner) = CreateClient();
        client.BaseAddress = new Uri("https://clue.example.com/");

        await client.GetAsync("api/v1/features?index=0&limit=20");

        Assert.Equal(FeaturesPageSignature, Assert.Single(inner.Captured!.Headers.GetValues(NcpSignatureHeaders.Signature)));
    }

    [Fact]
    public async Task Replaces_existing_signature_headers()
    {
        var (client, inner) = CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "https://clue.example.com/api/v1/features?index=0&limit=20");
        request.Headers.TryAddWithoutValidation(NcpSignatureHeaders.Timestamp, "1");
        request.Headers.TryAddWithoutValidation(NcpSignatureHeaders.AccessKey, "stale");
        request.Headers.TryAddWithoutValidation(NcpSignatureHeaders.Signature, "stale");

        await client.SendAsync(request);

        var sent = inner.Captured!;
        Assert.Equal(Timestamp, Assert.Single(sent.Headers.GetValues(NcpSignatureHeaders.Timestamp)));
        Assert.Equal(AccessKey, Assert.Single(sent.Headers.GetValues(NcpSignatureHeaders.AccessKey)));
        Assert.Equal(FeaturesPageSignature, Assert.Single(sent.Headers.GetValues(NcpSignatureHeaders.Signature)));
    }

    private static (HttpClient Client, CapturingHandler Inner) CreateClient()
    {
        var inner = new CapturingHandler();
        var signer = new SignatureV2Handler(AccessKey, SecretKey, new FixedTimeProvider(Instant)) { InnerHandler = inner };
        return (new HttpClient(signer), inner);
    }
}
