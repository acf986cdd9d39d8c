namespace OpenClue.Server.Platform.Errors;

/// <summary>The resource's state does not allow the operation (deleting a running job, deprecating the default).</summary>
public sealed class InvalidStateException(string details) : DomainException(details);
