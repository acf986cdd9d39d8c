using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>A shopping-intent profile (§1.11, D21): what a task's target group over-indexes on, kept in OpenClue's storage.</summary>
public sealed class ShoppingIntentProfileRecord : IJobResource
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Name { get; set; } = "";
    public string TaskId { get; set; } = "";
    public string TaskName { get; set; } = "";
    /// <summary>The feature whose users the task's target group is drawn from (the task's train feature).</summary>
    public string FeatureId { get; set; } = "";
    public string ModelName { get; set; } = "";
    public long? LineCount { get; set; }
    public long? DiskUsage { get; set; }
    public JobRecord Job { get; set; } = null!;
}
