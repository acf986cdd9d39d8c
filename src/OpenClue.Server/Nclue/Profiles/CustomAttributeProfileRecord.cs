using OpenClue.Server.Platform.Persistence;

namespace OpenClue.Server.Nclue.Profiles;

/// <summary>A custom-attributes profile (§1.10): a feature's users scored against a keyword set, published to a bucket.</summary>
public sealed class CustomAttributeProfileRecord : IJobResource
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Name { get; set; } = "";
    public string FeatureId { get; set; } = "";
    public string FeatureName { get; set; } = "";
    /// <summary>The keywords, comma-separated as the API returns them.</summary>
    public string KeywordSet { get; set; } = "";
    public string ResultBucket { get; set; } = "";
    public string ResultFilePath { get; set; } = "";
    /// <summary>The final object key, fixed when the job first starts and kept across retries (D19).</summary>
    public string? ResultKey { get; set; }
    public string ModelName { get; set; } = "";
    public long? LineCount { get; set; }
    public JobRecord Job { get; set; } = null!;
}
