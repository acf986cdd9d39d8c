using OpenClue.Server.Platform.Persistence;
namespace OpenClue.Server.Nclue.Tasks;

public sealed class TaskRecord : IJobResource
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Name { get; set; } = "";
    public string TrainFeatureId { get; set; } = "";
    public string TrainFeatureName { get; set; } = "";
    public string TrainBucket { get; set; } = "";
    public string TrainFilePath { get; set; } = "";
    public string? TestFeatureId { get; set; }
    public string? TestFeatureName { get; set; }
    public string? TestBucket { get; set; }
    public string? TestFilePath { get; set; }
    public string ModelName { get; set; } = "";
    public double? Auroc { get; set; }
    public long? LineCount { get; set; }
    public long? DiskUsage { get; set; }
    /// <summary>The training report (JSON) served by <c>GET /tasks/{id}/report</c>.</summary>
    public string? Report { get; set; }
    public JobRecord Job { get; set; } = null!;
}
