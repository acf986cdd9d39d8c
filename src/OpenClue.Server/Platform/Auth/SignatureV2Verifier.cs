using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace OpenClue.Server.Platform.Auth;

/// <summary>
/// NCP signature v2 (§2.2): Base64(HMAC-SHA256(secret, "METHOD URI\nTIMESTAMP\nACCESS_KEY")), checked in
/// constant time over the raw request target as received (D6).
/// </summary>
public static class SignatureV2Verifier
{
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    /// <summary>Messages up to this many UTF-8 bytes are built on the stack; longer targets rent a buffer.</summary>
    private const int StackMessageBytes = 1024;

    public static bool IsTimestampFresh(string timestamp, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, null, out var ms)) return false;
        return Math.Abs(now.ToUnixTimeMilliseconds() - ms) <= (long)AllowedSkew.TotalMilliseconds;
    }

    public static bool Verify(string method, string requestTarget, string timestamp, string accessKey,
        string secretKey, string signature)
    {
        Span<byte> key = secretKey.Length <= 128 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(secretKey.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(secretKey.Length)];
        key = key[..Encoding.UTF8.GetBytes(secretKey, key)];
        try { return Verify(method, requestTarget, timestamp, accessKey, key, signature); }
        finally { CryptographicOperations.ZeroMemory(key); }
    }

    /// <summary>The per-request path: the secret already UTF-8 encoded (cached per access key), nothing allocated.</summary>
    public static bool Verify(string method, string requestTarget, string timestamp, string accessKey,
        ReadOnlySpan<byte> secretKeyUtf8, string signature)
    {
        Span<byte> expected = stackalloc byte[32];
        Compute(method, requestTarget, timestamp, accessKey, secretKeyUtf8, expected);
        Span<byte> given = stackalloc byte[48];
        if (!Convert.TryFromBase64String(signature, given, out var written) || written != 32) return false;
        return CryptographicOperations.FixedTimeEquals(expected, given[..32]);
    }

    public static void Compute(string method, string requestTarget, string timestamp, string accessKey,
        string secretKey, Span<byte> destination)
    {
        Span<byte> key = secretKey.Length <= 128 ? stackalloc byte[Encoding.UTF8.GetMaxByteCount(secretKey.Length)] : new byte[Encoding.UTF8.GetMaxByteCount(secretKey.Length)];
        key = key[..Encoding.UTF8.GetBytes(secretKey, key)];
        try { Compute(method, requestTarget, timestamp, accessKey, key, destination); }
        finally { CryptographicOperations.ZeroMemory(key); }
    }

    /// <summary>HMAC of the signed message, which is written as UTF-8 straight into a stack (or pooled) buffer.</summary>
    public static void Compute(string method, string requestTarget, string timestamp, string accessKey,
        ReadOnlySpan<byte> secretKeyUtf8, Span<byte> destination)
    {
        var max = Encoding.UTF8.GetMaxByteCount(method.Length + requestTarget.Length + timestamp.Length + accessKey.Length + 3);
        byte[]? rented = max > StackMessageBytes ? ArrayPool<byte>.Shared.Rent(max) : null;
        var buffer = rented ?? stackalloc byte[StackMessageBytes];
        try
        {
            var n = Encoding.UTF8.GetBytes(method, buffer);
            buffer[n++] = (byte)' ';
            n += Encoding.UTF8.GetBytes(requestTarget, buffer[n..]);
            buffer[n++] = (byte)'\n';
            n += Encoding.UTF8.GetBytes(timestamp, buffer[n..]);
            buffer[n++] = (byte)'\n';
            n += Encoding.UTF8.GetBytes(accessKey, buffer[n..]);
            HMACSHA256.HashData(secretKeyUtf8, buffer[..n], destination);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
