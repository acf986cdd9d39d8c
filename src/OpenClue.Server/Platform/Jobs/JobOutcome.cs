namespace OpenClue.Server.Platform.Jobs;

public enum JobOutcome
{
    /// <summary>The work is done: the job completes.</summary>
    Completed,
    /// <summary>The work was fanned out into shards; the job completes when they have all finished.</summary>
    Deferred,
}
