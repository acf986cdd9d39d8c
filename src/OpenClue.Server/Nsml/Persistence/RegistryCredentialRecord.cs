namespace OpenClue.Server.Nsml.Persistence;

/// <summary>Credentials of a private container registry (§4.6); the secret is kept encrypted under the master key.</summary>
public sealed class RegistryCredentialRecord
{
    public string TenantId { get; set; } = "";
    public string PrivateEp { get; set; } = "";
    public string AccessKey { get; set; } = "";
    public byte[] SecretCipher { get; set; } = [];
    public long CreatedAt { get; set; }
}
