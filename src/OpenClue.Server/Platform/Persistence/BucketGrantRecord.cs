namespace OpenClue.Server.Platform.Persistence;

public sealed class BucketGrantRecord
{
    public string TenantId { get; set; } = "";
    public string Bucket { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
