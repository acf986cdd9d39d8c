namespace OpenClue.Server.Nsml.Runs;

/// <summary>201 body of a created run (N3).</summary>
public sealed record RunCreated(string ProjectId, string RunName);

/// <summary>One item of <c>GET /projects/runs</c> (§4.3).</summary>
public sealed record RunListItem(string RunName, string RunType, string ProjectId, string ProjectName, string Status,
    string Creator, string CreateTime, string UpdateTime);

public sealed record RunListResponse(IReadOnlyList<RunListItem> RunList, int TotalCount);

/// <summary>
/// <c>GET /projects/{projectId}/runs/{runName}</c> (§4.3) with the documented fields, plus (additive) <c>runType</c>,
/// <c>nodeCount</c>, <c>blockStorageNoList</c>, times and <c>statusMessage</c>, the reason a run failed or stopped.
/// </summary>
public sealed record RunDetail(string RunName, string ProjectId, string ProjectName, string Status, string Creator,
    string EngFullName, int GpuSvrCode, string ImageType, string ImagePath, string? Command, IReadOnlyDictionary<string, string> Envs,
    string? Note, bool IsBareMetal, string RunType, int NodeCount, IReadOnlyList<int> BlockStorageNoList,
    string CreateTime, string UpdateTime, string? StartTime, string? EndTime, string? StatusMessage);

/// <summary>One node of a run (§4.3); <c>exitCode</c> is null until the node's command has exited.</summary>
public sealed record NodeView(string NodeId, string ProjectId, string ProjectName, string RunName, string State,
    string ResourceType, string ContainerImage, int Rank, int? ExitCode, string? Host, string? Message);

public sealed record NodeListResponse(IReadOnlyList<NodeView> Nodes, int TotalCount);

/// <summary>Answer of the stop and delete extensions (N4).</summary>
public sealed record RunChanged(string ProjectId, string RunName, string Status);
