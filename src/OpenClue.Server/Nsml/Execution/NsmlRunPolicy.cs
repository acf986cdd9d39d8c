using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nsml.Execution;

/// <summary>
/// The declared job policy of NSML runs, in the platform's terms: not retried after a crash unless
/// <c>Nsml:MaxAttempts</c> allows it (a run is not idempotent), its own admission queue (<c>nsml</c>: the node queue
/// the <see cref="NodeAgent"/>s place from, by slots, so runs never take the job threads NCLUE's feature builds use),
/// and cancellable (stop reaches the executor). NSML runs are placed node by node on workers with free slots, which
/// Quartz does not do, so the node agents carry this policy out rather than the Quartz job engine.
/// </summary>
public static class NsmlRunPolicy
{
    public const string Queue = "nsml";

    public static JobPolicy From(NsmlOptions options) => new()
    {
        RetryAfterCrash = options.MaxAttempts > 1,
        MaxAttempts = options.MaxAttempts,
        Queue = Queue,
        Cancellable = true,
    };
}
