namespace OpenClue.Server.Nsml.Persistence;

/// <summary>A run (§4.3, N2): a command on <see cref="NodeCount"/> nodes, addressed by project and run name.</summary>
public sealed class RunRecord
{
    public long Seq { get; set; }
    public string TenantId { get; set; } = "";
    public string ProjectId { get; set; } = "";
    public int RunName { get; set; }
    public string RunType { get; set; } = "";
    public string Status { get; set; } = "";
    /// <summary>Why the run failed or was stopped, in words.</summary>
    public string? StatusMessage { get; set; }
    public int GpuSvrCode { get; set; }
    public int NodeCount { get; set; }
    public int SlotsPerNode { get; set; }
    public string ImageType { get; set; } = "";
    public string ImagePath { get; set; } = "";
    public string? Command { get; set; }
    /// <summary>The run's environment variables as a JSON object of strings.</summary>
    public string Envs { get; set; } = "{}";
    public string? Note { get; set; }
    /// <summary>The requested block storage numbers as a JSON array.</summary>
    public string BlockStorage { get; set; } = "[]";
    public string Creator { get; set; } = "";
    /// <summary>Starts counted so far (a crash retry starts another, if <c>Nsml:MaxAttempts</c> allows).</summary>
    public int Attempts { get; set; }
    public bool StopRequested { get; set; }
    public string? MasterAddr { get; set; }
    public int? MasterPort { get; set; }
    public long CreatedAt { get; set; }
    public long UpdatedAt { get; set; }
    public long? StartedAt { get; set; }
    public long? EndedAt { get; set; }
}
