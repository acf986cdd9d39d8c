namespace OpenClue.Server.Platform.Errors;

/// <summary>A resource the request depends on exists but has not completed yet.</summary>
public sealed class NotReadyException(string details) : DomainException(details);
