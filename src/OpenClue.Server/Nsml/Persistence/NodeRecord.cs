namespace OpenClue.Server.Nsml.Persistence;

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
