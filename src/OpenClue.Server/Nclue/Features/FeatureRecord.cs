using OpenClue.Server.Platform.Persistence;
namespace OpenClue.Server.Nclue.Features;

public sealed class FeatureRecord : IJobResource
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Name { get; set; } = "";
    public string SourceBucket { get; set; } = "";
    public string SourceFilePath { get; set; } = "";
    public string ModelName { get; set; } = "";
    public long? UserCount { get; set; }
    public long? TokenCount { get; set; }
    public long? DiskUsage { get; set; }
    /// <summary>How many shard files the feature set is stored as (artifacts <c>features/{id}/shard-NNNNN.ocfs</c>).</summary>
    public int? ShardCount { get; set; }
    public JobRecord Job { get; set; } = null!;
}
