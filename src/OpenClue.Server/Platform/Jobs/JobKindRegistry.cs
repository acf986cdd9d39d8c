namespace OpenClue.Server.Platform.Jobs;

/// <summary>The registered job kinds, for the engine's per-kind decisions (admission, attempts, recovery, cancellation).</summary>
public sealed class JobKindRegistry(IEnumerable<JobKind> kinds)
{
    private static readonly JobPolicy Unregistered = new();

    private readonly Dictionary<string, JobKind> _kinds = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);

    /// <summary>The policy of a kind; a kind no module registered gets the defaults (its job then fails for lack of a handler).</summary>
    public JobPolicy PolicyOf(string kind) => _kinds.TryGetValue(kind, out var found) ? found.Policy : Unregistered;

    public IReadOnlyCollection<JobKind> All => _kinds.Values;
}
