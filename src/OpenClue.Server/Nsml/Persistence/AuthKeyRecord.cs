namespace OpenClue.Server.Nsml.Persistence;

/// <summary>An SSH public key a tenant registered (§4.4).</summary>
public sealed class AuthKeyRecord
{
    public string TenantId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Title { get; set; } = "";
    public string PublicKey { get; set; } = "";
    public string Fingerprint { get; set; } = "";
    public long CreatedAt { get; set; }
}
