namespace OpenClue.Server.Platform.Persistence;

public sealed class TenantRecord
{
    public string Id { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The NCLUE model new features use when the request names none; null means the built-in default.</summary>
    public string? DefaultModel { get; set; }
}
