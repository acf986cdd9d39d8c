namespace OpenClue.Server.Platform.Jobs;

/// <summary>A job kind this server can run: its name (the <c>jobs.kind</c> column), its policy and its handler.</summary>
public sealed record JobKind(string Name, JobPolicy Policy, Type HandlerType);
