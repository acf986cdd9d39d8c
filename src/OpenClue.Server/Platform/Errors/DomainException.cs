namespace OpenClue.Server.Platform.Errors;

/// <summary>
/// An outcome of the application layer that is the caller's to fix, in words for the caller. Each API surface maps
/// the kinds to its own wire format (NCLUE: the D5 body and its codes) through its route group.
/// </summary>
public abstract class DomainException(string details) : Exception(details)
{
    /// <summary>What the caller is told, as is (the wire's <c>details</c>).</summary>
    public string Details => Message;
}
