namespace OpenClue.Server.Platform.Observability;

/// <summary>One Prometheus label pair of a series.</summary>
internal readonly record struct Label(string Name, string Value);
