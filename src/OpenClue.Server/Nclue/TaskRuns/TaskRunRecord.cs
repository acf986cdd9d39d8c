using OpenClue.Server.Platform.Persistence;
namespace OpenClue.Server.Nclue.TaskRuns;

public sealed class TaskRunRecord : IJobResource
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Name { get; set; } = "";
    public string TaskId { get; set; } = "";
    public string TaskName { get; set; } = "";
    public string FeatureId { get; set; } = "";
    public string FeatureName { get; set; } = "";
    public string ResultBucket { get; set; } = "";
    public string ResultFilePath { get; set; } = "";
    /// <summary>The final object key, fixed when the job first starts and kept across retries (D19).</summary>
    public string? ResultKey { get; set; }
    public string ModelName { get; set; } = "";
    public long? LineCount { get; set; }
    public JobRecord Job { get; set; } = null!;
}
