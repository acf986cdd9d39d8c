namespace OpenClue.Server.Platform.Persistence;

/// <summary>
/// The lifecycle of one asynchronous job (D11), shared by every resource that is built by a worker
/// (features, tasks, task runs today; profiles and NSML runs later). The resource row has the same id.
/// </summary>
public sealed class JobRecord
{
    /// <summary>Creation order, the sort key of every list (D4).</summary>
    public long Seq { get; set; }
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Status { get; set; } = JobStatus.Registered;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? FailMessage { get; set; }
    /// <summary>Why it failed, in a sentence a tenant can act on (file, line, value at fault); never personal data.</summary>
    public string? FailDetails { get; set; }
    public int Attempts { get; set; }
}
