namespace OpenClue.Server.Nsml.Runs;

/// <summary>States of one node (§4.3 leaves them undocumented; these are OpenClue's).</summary>
public static class NodeStates
{
    /// <summary>Waiting for a worker with free slots.</summary>
    public const string Pending = "PENDING";
    /// <summary>A worker holds slots for it; it starts once every node of the run is placed.</summary>
    public const string Placed = "PLACED";
    public const string Running = "RUNNING";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
    public const string Stopped = "STOPPED";

    public static bool IsEnded(string state) => state is Completed or Failed or Stopped;
}
