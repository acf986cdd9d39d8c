using OpenClue.Server.Platform.Persistence;
namespace OpenClue.Server.Nclue.Models;

/// <summary>A tenant's learned NCLUE model, pretrained on its own behaviour corpus by a job of the same id.</summary>
public sealed class ModelRecord : IJobResource
{
    public string Id { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Name { get; set; } = "";
    public string SourceBucket { get; set; } = "";
    public string SourceFilePath { get; set; } = "";
    public int? Dimension { get; set; }
    public int? VocabularySize { get; set; }
    public DateTimeOffset? DeprecatedAt { get; set; }
    public JobRecord Job { get; set; } = null!;
}
