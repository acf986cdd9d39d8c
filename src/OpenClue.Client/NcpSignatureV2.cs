using System.Security.Cryptography;
using System.Text;

namespace OpenClue.Client;

/// <summary>
/// NAVER Cloud Platform API Gateway signature v2:
/// Base64(HMAC-SHA256(secretKey, "METHOD URI\nTIMESTAMP\nACCESS_KEY")).
/// </summary>
public static class NcpSignatureV2
{
    /// <param name="requestTarget">Path plus "?query" exactly as sent on the wire (already percent-encoded).</param>
    /// <param name="timestamp">Unix epoch milliseconds, decimal.</param>
    public static string ComputeSignature(
        string method, string requestTarget, string timestamp, string accessKey, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(secretKey);
        var message = Encoding.UTF8.GetBytes(StringToSign(method, requestTarget, timestamp, accessKey));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), message);
        return Convert.ToBase64String(mac);
    }

    public static string StringToSign(string method, string requestTarget, string timestamp, string accessKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(requestTarget);
        ArgumentException.ThrowIfNullOrEmpty(timestamp);
        ArgumentNullException.ThrowIfNull(accessKey);

        // The gateway signs the upper-case method; single LF separators, no trailing newline.
        return $"{method.ToUpperInvariant()} {requestTarget}\n{timestamp}\n{accessKey}";
    }
}
