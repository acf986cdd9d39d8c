using static OpenClue.Client.Tests.KnownAnswers;

namespace OpenClue.Client.Tests;

/// <summary>Sends through a real SocketsHttpHandler and checks the signed target is the one on the wire.</summary>
public class WireFormatTests
{
    [Theory]
    [InlineData("/api/v1/features?index=0&limit=20", FeaturesPageTarget, FeaturesPageSignature)]
    [InlineData("/api/v1/features/카", KoreanFeatureTarget, KoreanFeatureSignature)]
    [InlineData("/api/v1/features/a b?name=카 x&limit=5", SpacesAndKoreanTarget, SpacesAndKoreanSignature)]
    public async Task Signature_covers_the_request_target_as_sent(string pathAndQuery, string wireTarget, string expected)
    {
        using var server = new LoopbackRequestRecorder();
        var signer = new SignatureV2Handler(AccessKey, SecretKey, new FixedTimeProvider(Instant))
        {
            // No proxy: a proxied plain-HTTP request line would be absolute-form.
            InnerHandler = new SocketsHttpHandler { UseProxy = false },
        };
        using var client = new HttpClient(signer) { BaseAddress = server.BaseAddress };

        var received = server.ReceiveOneAsync();
        using var response = await client.GetAsync(pathAndQuery);
        var request = await received;

        Assert.Equal(wireTarget, request.Target);
        Assert.Equal(Timestamp, request.Headers[NcpSignatureHeaders.Timestamp]);
        Assert.Equal(AccessKey, request.Headers[NcpSignatureHeaders.AccessKey]);
        Assert.Equal(expected, request.Headers[NcpSignatureHeaders.Signature]);
    }
}
