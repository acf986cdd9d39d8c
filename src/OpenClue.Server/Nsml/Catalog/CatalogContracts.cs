namespace OpenClue.Server.Nsml.Catalog;

/// <summary>One server product (§4.5), plus (additive) GPUs and CPU slots per node.</summary>
public sealed record ServerProductView(int GpuSvrCode, IReadOnlyList<int> NodeCounts, string UseType, string ServerProductCode,
    string ProductName, string EngFullName, int GpuCount, int CpuSlots);

public sealed record ServerProductsResponse(IReadOnlyList<ServerProductView> ServerProductList, int TotalCount);

public sealed record ImageView(string Name, string Path);

public sealed record ImageListResponse(IReadOnlyList<ImageView> ImageList, int TotalCount);
