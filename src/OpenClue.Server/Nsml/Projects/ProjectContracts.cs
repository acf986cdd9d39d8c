namespace OpenClue.Server.Nsml.Projects;

/// <summary>201 body of a created project (N3).</summary>
public sealed record ProjectCreated(string ProjectId);

/// <summary>One item of <c>GET /projects</c> (§4.1). <c>vpcNo</c> and <c>userNo</c> have no meaning here and are 0.</summary>
public sealed record ProjectListItem(string ProjectId, long VpcNo, string ProjectName, string Status, long UserNo,
    int RunCount, int NodeCount, string CreatedDate, string UpdatedDate);

public sealed record ProjectListResponse(IReadOnlyList<ProjectListItem> Projects, int TotalCount);

public sealed record ProjectDetail(string ProjectId, string ProjectName, string Status, string? Note, int RunCount,
    int NasVolumeSize, string CreatedDate, string UpdatedDate);

/// <summary>
/// A project's NAS (§4.2): the workspace folder. The documentation's table says <c>createdDate</c>/<c>updatedDate</c>,
/// its example <c>createDate</c>/<c>updateDate</c> (§9.7): both are written.
/// </summary>
public sealed record ProjectNas(string ProjectId, long NasVolumeInstanceNo, string NasIp, string NasPath, int NasVolumeSize,
    string CreatedDate, string UpdatedDate, string CreateDate, string UpdateDate);

public sealed record ProjectDeleted(string ProjectId);
