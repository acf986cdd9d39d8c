using System.Security.Cryptography;
using System.Text;
using OpenClue.Server.Platform.Auth;

namespace OpenClue.Server.WebConsole.Authentication;

/// <summary>
/// Checks an access key and secret key pair typed into the sign-in form against the key store, in constant time like a
/// signature: both secrets are reduced to HMACs of one fixed message and compared with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>, and an unknown key is compared against a dummy secret too.
/// </summary>
public sealed class ConsoleSignIn(AccessKeyStore keys)
{
    private static readonly byte[] Message = "openclue console sign-in"u8.ToArray();
    private static readonly byte[] Unknown = RandomNumberGenerator.GetBytes(32);

    /// <summary>The tenant of the pair, or null when the access key is unknown or revoked or the secret is wrong.</summary>
    public async Task<Tenant?> CheckAsync(string? accessKey, string? secretKey, CancellationToken ct)
    {
        accessKey = accessKey?.Trim() ?? "";
        secretKey ??= "";
        var found = accessKey.Length is > 0 and <= 128 ? await keys.FindAsync(accessKey, ct) : null;
        Span<byte> expected = stackalloc byte[32];
        Span<byte> given = stackalloc byte[32];
        HMACSHA256.HashData(found?.SecretUtf8 ?? Unknown, Message, expected);
        var secret = Encoding.UTF8.GetBytes(secretKey);
        try
        {
            HMACSHA256.HashData(secret, Message, given);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
        var matches = CryptographicOperations.FixedTimeEquals(expected, given);
        return matches && found is { } key ? new Tenant(key.TenantId, accessKey) : null;
    }
}
