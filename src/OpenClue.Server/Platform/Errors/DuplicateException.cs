namespace OpenClue.Server.Platform.Errors;

/// <summary>A resource of this kind with this name already exists for the tenant.</summary>
public sealed class DuplicateException(string details) : DomainException(details);
