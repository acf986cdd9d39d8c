namespace OpenClue.Server.Nsml.Persistence;

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
