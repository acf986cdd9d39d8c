namespace OpenClue.Server.Nsml.Execution;

/// <summary>Runs nodes somewhere (<c>OpenClue:Nsml:Executor</c>): OS process groups or containers.</summary>
public interface INodeExecutor
{
    /// <summary>Starts the node; its output goes to <paramref name="output"/> as it comes.</summary>
    Task<IRunningNode> StartAsync(NodeLaunch launch, NodeOutput output, CancellationToken ct);

    /// <summary>Kills whatever an earlier process of this worker left running (after a crash), before new nodes start.</summary>
    Task KillLeftoversAsync(CancellationToken ct);
}

/// <summary>A started node.</summary>
public interface IRunningNode
{
    /// <summary>Process group id (process executor), else null.</summary>
    int? Pid { get; }
    long? PidStart { get; }
    /// <summary>Container id (docker executor), else null.</summary>
    string? ContainerId { get; }
    /// <summary>Completes with the exit code once the command has ended, every process of the node is gone and its output is read.</summary>
    Task<int> Exited { get; }
    /// <summary>TERM to everything of the node, KILL after <paramref name="grace"/>; returns once it is all gone.</summary>
    Task StopAsync(TimeSpan grace);
}
