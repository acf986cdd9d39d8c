using OpenClue.Server.Platform.Auth;
using static OpenClue.Client.Tests.KnownAnswers;

namespace OpenClue.Client.Tests;

/// <summary>Sends through a real SocketsHttpHandler and checks the signed target is the one on the wire.</summary>
public class WireFormatTests
{
    [Theory]
    [InlineData("/api/v1/features?index=0&limit=20", FeaturesPageTarget, FeaturesPageSignature)]
    [InlineData("/api/v1/features/카", KoreanFeatureTarget, KoreanFeatureSignature)]
    [InlineData("/api/v1/features/a b?name=카 x&limit=5", SpacesAndKoreanTarget, SpacesAndKoreanSignature)]
    [InlineData("/api/v1/features/東京 タワー", JapaneseWithSpaceTarget, JapaneseWithSpaceSignature)]
    [InlineData("/api/v1/task-runs?index=20&limit=100&name=a%2Bb%26c", EncodedQueryTarget, EncodedQuerySignature)]
    [InlineData("/api/v1/tasks/한/report?x=카&y=", KoreanReportTarget, KoreanReportSignature)]
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
        // The server's verifier, given the target as it arrived, accepts it.
        Assert.True(SignatureV2Verifier.Verify(request.Method, request.Target, request.Headers[NcpSignatureHeaders.Timestamp],
            request.Headers[NcpSignatureHeaders.AccessKey], SecretKey, request.Headers[NcpSignatureHeaders.Signature]));
        Assert.False(SignatureV2Verifier.Verify(request.Method, request.Target + "&tampered=1", request.Headers[NcpSignatureHeaders.Timestamp],
            request.Headers[NcpSignatureHeaders.AccessKey], SecretKey, request.Headers[NcpSignatureHeaders.Signature]));
    }
}
