namespace OpenClue.Server.Nsml.Catalog;

/// <summary>The server products and images this server offers (§4.5, §4.6), from configuration or the defaults.</summary>
public sealed class ProductCatalog
{
    public const string Train = "TRAIN";
    public const string Dev = "DEV";

    public static readonly IReadOnlyList<NsmlProductOptions> Defaults =
    [
        new() { GpuSvrCode = 1, UseType = Train, NodeCounts = [1, 2, 4], ServerProductCode = "OPENCLUE-LOCAL-CPU-TRAIN",
            ProductName = "local CPU training", EngFullName = "local CPU training", CpuSlots = 1 },
        new() { GpuSvrCode = 2, UseType = Dev, NodeCounts = [1], ServerProductCode = "OPENCLUE-LOCAL-NOTEBOOK",
            ProductName = "local notebook", EngFullName = "local notebook", CpuSlots = 1 },
    ];

    public static readonly IReadOnlyList<string> DefaultBaseImages =
    [
        "nvcr.io/nvidia/mxnet:21.02-py3",
        "nvcr.io/nvidia/pytorch:21.02-py3",
        "nvcr.io/nvidia/tensorflow:21.02-tf1-py3",
    ];

    public ProductCatalog(NsmlOptions options)
    {
        Products = options.Products.Count > 0 ? options.Products : Defaults;
        foreach (var product in Products)
        {
            if (product.UseType is not (Train or Dev))
                throw new InvalidOperationException($"OpenClue:Nsml:Products: useType of product {product.GpuSvrCode} must be TRAIN or DEV, not '{product.UseType}'.");
            if (product.NodeCounts.Count == 0 || product.NodeCounts.Any(n => n < 1))
                throw new InvalidOperationException($"OpenClue:Nsml:Products: nodeCounts of product {product.GpuSvrCode} must be positive.");
            if (product.CpuSlots < 1)
                throw new InvalidOperationException($"OpenClue:Nsml:Products: cpuSlots of product {product.GpuSvrCode} must be at least 1.");
        }
        if (Products.Select(p => p.GpuSvrCode).Distinct().Count() != Products.Count)
            throw new InvalidOperationException("OpenClue:Nsml:Products: two products have the same gpuSvrCode.");
        BaseImages = options.BaseImages.Count > 0 ? options.BaseImages : DefaultBaseImages;
        CustomImages = options.CustomImages;
    }

    public IReadOnlyList<NsmlProductOptions> Products { get; }
    public IReadOnlyList<string> BaseImages { get; }
    public IReadOnlyList<string> CustomImages { get; }

    public NsmlProductOptions? Find(int gpuSvrCode) => Products.FirstOrDefault(p => p.GpuSvrCode == gpuSvrCode);
}
