namespace OpenClue.Server.Nsml.Storage;

/// <summary>One block storage (§4.7).</summary>
public sealed record BlockStorageView(int BlockStorageNo, string BlockStorageNm, string ProjectId, string Status, string? NodeId,
    string CreateTime, string UpdateTime);

/// <summary>The only NSML list that echoes its paging (§4.7).</summary>
public sealed record BlockStorageListResponse(int Page, int PageSize, int TotalCount, IReadOnlyList<BlockStorageView> BlockStorageMgmtList);
