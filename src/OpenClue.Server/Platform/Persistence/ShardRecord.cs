namespace OpenClue.Server.Platform.Persistence;

/// <summary>
/// One slice of a job's work that any worker may run (a part file, or a byte range of a large file; a feature
/// shard for a task run). The finishing step runs when every shard of the job is completed.
/// </summary>
public sealed class ShardRecord
{
    public string JobId { get; set; } = "";
    public int ShardIndex { get; set; }
    public string SourceKey { get; set; } = "";
    public long RangeStart { get; set; }
    public long? RangeEnd { get; set; }
    public string Status { get; set; } = JobStatus.Pending;
    /// <summary>The scheduler instance that ran it last: the evidence that work was spread across workers.</summary>
    public string? Worker { get; set; }
    public int Attempts { get; set; }
    public long? UserCount { get; set; }
    public long? TokenCount { get; set; }
    /// <summary>Bytes of the shard's stored output.</summary>
    public long? OutputBytes { get; set; }
    /// <summary>Whole percent of the shard's input read while it runs.</summary>
    public int? Progress { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
