namespace OpenClue.Server.Platform.Persistence;

public sealed class AccessKeyRecord
{
    public string AccessKey { get; set; } = "";
    public string TenantId { get; set; } = "";
    /// <summary>AES-GCM ciphertext of the secret under the master key (D9).</summary>
    public byte[] SecretCipher { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
