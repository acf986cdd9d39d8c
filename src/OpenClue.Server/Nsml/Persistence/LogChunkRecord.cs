namespace OpenClue.Server.Nsml.Persistence;

/// <summary>A piece of a run's log: bytes [StartOffset, EndOffset) of the run's whole output.</summary>
public sealed class LogChunkRecord
{
    public long RunSeq { get; set; }
    public long StartOffset { get; set; }
    public long EndOffset { get; set; }
    public int Rank { get; set; }
    public byte[] Data { get; set; } = [];
}
