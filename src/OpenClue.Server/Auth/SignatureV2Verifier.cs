using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace OpenClue.Server.Auth;

/// <summary>
/// NCP signature v2 (§2.2): Base64(HMAC-SHA256(secret, "METHOD URI\nTIMESTAMP\nACCESS_KEY")), checked in
/// constant time over the raw request target as received (D6).
/// </summary>
public static class SignatureV2Verifier
{
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    public static bool IsTimestampFresh(string timestamp, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, null, out var ms)) return false;
        return Math.Abs(now.ToUnixTimeMilliseconds() - ms) <= (long)AllowedSkew.TotalMilliseconds;
    }

    public static bool Verify(string method, string requestTarget, string timestamp, string accessKey,
        string secretKey, string signature)
    {
        Span<byte> expected = stackalloc byte[32];
        Compute(method, requestTarget, timestamp, accessKey, secretKey, expected);
        Span<byte> given = stackalloc byte[48];
        if (!Convert.TryFromBase64String(signature, given, out var written) || written != 32) return false;
        return CryptographicOperations.FixedTimeEquals(expected, given[..32]);
    }

    public static void Compute(string method, string requestTarget, string timestamp, string accessKey,
        string secretKey, Span<byte> destination)
    {
        var message = string.Concat(method, " ", requestTarget, "\n", timestamp, "\n", accessKey);
        var length = Encoding.UTF8.GetMaxByteCount(message.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        var keyBytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(secretKey.Length));
        try
        {
            var n = Encoding.UTF8.GetBytes(message, rented);
            var k = Encoding.UTF8.GetBytes(secretKey, keyBytes);
            HMACSHA256.HashData(keyBytes.AsSpan(0, k), rented.AsSpan(0, n), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
            ArrayPool<byte>.Shared.Return(keyBytes, clearArray: true);
        }
    }
}
