using System.Security.Cryptography;
using System.Text;

namespace OpenClue.Server.Platform.Auth;

/// <summary>
/// Encrypts secrets at rest with AES-256-GCM under the master key (D9).
/// Layout: 12-byte nonce | 16-byte tag | ciphertext.
/// </summary>
public sealed class SecretProtector
{
    private readonly byte[] _key;

    public SecretProtector(byte[] masterKey)
    {
        if (masterKey.Length != 32) throw new ArgumentException("The master key must be 32 bytes.", nameof(masterKey));
        _key = masterKey;
    }

    public byte[] Protect(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var output = new byte[12 + 16 + plain.Length];
        var nonce = output.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, 16);
        aes.Encrypt(nonce, plain, output.AsSpan(28), output.AsSpan(12, 16));
        return output;
    }

    public string Unprotect(byte[] cipher)
    {
        var plain = new byte[cipher.Length - 28];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(cipher.AsSpan(0, 12), cipher.AsSpan(28), cipher.AsSpan(12, 16), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The configured key (base64), or the one in <paramref name="keyFile"/>, created on first use.</summary>
    public static byte[] LoadOrCreateMasterKey(string? configured, string keyFile)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var bytes = Convert.FromBase64String(configured.Trim());
            if (bytes.Length != 32) throw new InvalidOperationException("OpenClue:MasterKey must be 32 bytes, base64-encoded.");
            return bytes;
        }
        if (File.Exists(keyFile)) return Convert.FromBase64String(File.ReadAllText(keyFile).Trim());
        var key = RandomNumberGenerator.GetBytes(32);
        var temp = keyFile + ".tmp";
        File.WriteAllText(temp, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try { File.Move(temp, keyFile, overwrite: false); }
        catch (IOException) { File.Delete(temp); } // another process won the race: use its key
        return Convert.FromBase64String(File.ReadAllText(keyFile).Trim());
    }
}
