namespace OpenClue.Server.Platform.Jobs;

/// <summary>How the job engine treats jobs of one kind; declared where the kind's handler is registered.</summary>
public sealed record JobPolicy
{
    /// <summary>Run again after its process crashed mid-run (the handler is idempotent); false ends it failed instead.</summary>
    public bool RetryAfterCrash { get; init; } = true;

    /// <summary>Attempts before the job fails with COMMON_ERROR; null takes <c>Jobs:MaxAttempts</c>.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>
    /// The admission queue. A queue may cap how many of its jobs are active at once (<c>Jobs:Queues:{name}</c>), so
    /// long-running kinds cannot hold every worker while short ones wait.
    /// </summary>
    public string Queue { get; init; } = JobQueues.Default;

    /// <summary>
    /// The artifact key (from tenant and resource id) holding everything a job of this kind stores; removed when the job
    /// fails, with any temporary file a crashed attempt left there. Null: the kind stores no artifact.
    /// </summary>
    public Func<string, string, string>? Artifacts { get; init; }

    /// <summary>Whether <see cref="JobCancellation"/> may end a job of this kind while it is waiting or running.</summary>
    public bool Cancellable { get; init; }
}
