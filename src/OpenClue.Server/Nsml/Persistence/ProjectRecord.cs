namespace OpenClue.Server.Nsml.Persistence;

/// <summary>A project (§4.1): a tenant's group of runs that owns a workspace folder, the NAS analogue.</summary>
public sealed class ProjectRecord
{
    public long Seq { get; set; }
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Note { get; set; }
    public int NasVolumeSize { get; set; }
    public string Status { get; set; } = "";
    /// <summary>The last run name given in this project (N3: decimal counter from 1).</summary>
    public int RunCounter { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
}
