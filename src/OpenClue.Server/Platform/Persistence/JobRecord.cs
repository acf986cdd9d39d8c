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
    /// <summary>Whole percent of the job's input read while it runs; null when the server cannot tell.</summary>
    public int? Progress { get; set; }
    /// <summary>What the percent counts, in words ("12.3 MB of 48.0 MB read").</summary>
    public string? ProgressDetail { get; set; }

    /// <summary>The <c>progress</c> a client sees: 100 once completed (also for jobs that ended before progress was kept).</summary>
    public int? ShownProgress => Status == JobStatus.Completed ? 100 : Progress;

    /// <summary>The <c>progress_detail</c> a client sees: none once completed.</summary>
    public string? ShownProgressDetail => Status == JobStatus.Completed ? null : ProgressDetail;
}
