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

/// <summary>One node of a run: placed on a worker, executed there, with its own state and exit code.</summary>
public sealed class NodeRecord
{
    public long RunSeq { get; set; }
    public int Rank { get; set; }
    /// <summary>The run attempt this placement belongs to; a retried run re-queues its nodes with a new one.</summary>
    public int Attempt { get; set; }
    public string State { get; set; } = "";
    public string? Worker { get; set; }
    /// <summary>The worker process's incarnation that placed the node: another one means the worker restarted.</summary>
    public string? Incarnation { get; set; }
    public string? Host { get; set; }
    /// <summary>Process group of the node (process executor) while it may be alive; cleared once it is gone.</summary>
    public int? Pid { get; set; }
    /// <summary>Start time of <see cref="Pid"/> (clock ticks since boot), so a recycled pid is never killed.</summary>
    public long? PidStart { get; set; }
    /// <summary>Container of the node (docker executor) while it may exist; cleared once removed.</summary>
    public string? ContainerId { get; set; }
    public int? ExitCode { get; set; }
    public string? Message { get; set; }
    public long? StartedAt { get; set; }
    public long? EndedAt { get; set; }
}

/// <summary>A piece of a run's log: bytes [StartOffset, EndOffset) of the run's whole output.</summary>
public sealed class LogChunkRecord
{
    public long RunSeq { get; set; }
    public long StartOffset { get; set; }
    public long EndOffset { get; set; }
    public int Rank { get; set; }
    public byte[] Data { get; set; } = [];
}

/// <summary>A process that executes nodes, with its capacity and liveness.</summary>
public sealed class WorkerRecord
{
    public string Name { get; set; } = "";
    public string Incarnation { get; set; } = "";
    public string Host { get; set; } = "";
    public int Slots { get; set; }
    public long HeartbeatAt { get; set; }
    public long StartedAt { get; set; }
}

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

/// <summary>Credentials of a private container registry (§4.6); the secret is kept encrypted under the master key.</summary>
public sealed class RegistryCredentialRecord
{
    public string TenantId { get; set; } = "";
    public string PrivateEp { get; set; } = "";
    public string AccessKey { get; set; } = "";
    public byte[] SecretCipher { get; set; } = [];
    public long CreatedAt { get; set; }
}
