namespace OpenClue.Server.Platform.Jobs;

/// <summary>The admission queues of the built-in job kinds.</summary>
public static class JobQueues
{
    /// <summary>Jobs of bounded length (feature builds, scoring): uncapped unless configured.</summary>
    public const string Default = "default";

    /// <summary>
    /// Model training: long and memory-hungry. Capped by default to one less than <c>Worker:Concurrency</c> (at least 1),
    /// so a process always has a worker left for the other queues.
    /// </summary>
    public const string Training = "training";
}
