namespace OpenClue.Server.Nsml.Execution;

/// <summary>
/// What an executor needs to start one node: the command, the image, the workspace and the run's own variables
/// (<c>envs</c> plus the node variables). The executor adds <c>PATH</c> and <c>HOME</c>; nothing else is passed.
/// </summary>
public sealed record NodeLaunch(long RunSeq, int Rank, int Attempt, string TenantId, string ProjectId, string RunName,
    string Command, string ImagePath, string Workspace, IReadOnlyDictionary<string, string> Variables);
