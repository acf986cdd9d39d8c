namespace OpenClue.Server.Tests.Infrastructure;

/// <summary>Tests that count process-wide things (allocations, meters and activity sources listened to by name), so nothing
/// else may run beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "alone";
}
