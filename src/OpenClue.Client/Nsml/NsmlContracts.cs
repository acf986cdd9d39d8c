namespace OpenClue.Client.Nsml;

// The CLOVA NSML wire contract (camelCase JSON, §4 of the NSML notes), as OpenClue serves it.

public sealed record NsmlProjectCreated(string ProjectId);

public sealed record NsmlProjectItem(string ProjectId, long VpcNo, string ProjectName, string Status, long UserNo, int RunCount,
    int NodeCount, string CreatedDate, string UpdatedDate);

public sealed record NsmlProjectList(IReadOnlyList<NsmlProjectItem> Projects, int TotalCount);

public sealed record NsmlProject(string ProjectId, string ProjectName, string Status, string? Note, int RunCount, int NasVolumeSize,
    string CreatedDate, string UpdatedDate);

public sealed record NsmlProjectNas(string ProjectId, long NasVolumeInstanceNo, string NasIp, string NasPath, int NasVolumeSize,
    string CreatedDate, string UpdatedDate);

/// <summary>What a run is created with (§4.3): <see cref="Command"/> for TRAIN products, none for DEV ones.</summary>
public sealed record NsmlRunRequest(int GpuSvrCode, int NodeCount, string ImageType, string ImagePath, string? Command = null,
    IReadOnlyDictionary<string, string>? Envs = null, string? Note = null);

public sealed record NsmlRunCreated(string ProjectId, string RunName);

public sealed record NsmlRunItem(string RunName, string RunType, string ProjectId, string ProjectName, string Status, string Creator,
    string CreateTime, string UpdateTime);

public sealed record NsmlRunList(IReadOnlyList<NsmlRunItem> RunList, int TotalCount);

public sealed record NsmlRun(string RunName, string ProjectId, string ProjectName, string Status, string Creator, string EngFullName,
    int GpuSvrCode, string ImageType, string ImagePath, string? Command, IReadOnlyDictionary<string, string> Envs, string? Note,
    string RunType, int NodeCount, string CreateTime, string UpdateTime, string? StartTime, string? EndTime, string? StatusMessage)
{
    /// <summary>Pending or in progress.</summary>
    public bool IsActive => Status is NsmlRunStates.Pending or NsmlRunStates.InProgress;
}

public sealed record NsmlNode(string NodeId, string ProjectId, string ProjectName, string RunName, string State, string ResourceType,
    string ContainerImage, int Rank, int? ExitCode, string? Host, string? Message);

public sealed record NsmlNodeList(IReadOnlyList<NsmlNode> Nodes, int TotalCount);

public sealed record NsmlRunChanged(string ProjectId, string RunName, string Status);

public sealed record NsmlServerProduct(int GpuSvrCode, IReadOnlyList<int> NodeCounts, string UseType, string ServerProductCode,
    string ProductName, string EngFullName);

public sealed record NsmlServerProductList(IReadOnlyList<NsmlServerProduct> ServerProductList, int TotalCount);

public sealed record NsmlImage(string Name, string Path);

public sealed record NsmlImageList(IReadOnlyList<NsmlImage> ImageList, int TotalCount);

public sealed record NsmlAuthKeyCreated(string Name, string Title);

public sealed record NsmlAuthKey(string Name, string Title, string Fingerprint, string CreateTime);

public sealed record NsmlAuthKeyList(IReadOnlyList<NsmlAuthKey> KeyList, int TotalCount);

/// <summary>A piece of a run's log and the offset to read from next (N4).</summary>
public sealed record NsmlLogChunk(string Text, long NextOffset, string RunStatus);

public static class NsmlRunStates
{
    public const string Pending = "RUN_STATE_PENDING";
    public const string InProgress = "RUN_STATE_IN_PROGRESS";
    public const string Completed = "RUN_STATE_COMPLETED";
    public const string Failed = "RUN_STATE_FAILED";
    public const string Stopped = "RUN_STATE_STOPPED";
}
