namespace OpenClue.Server.Platform.Storage;

/// <summary>
/// What a client needs to cache or check an object: its size, when it was last written, and an entity tag that changes
/// whenever its content may have (S3's own ETag; for a local file its size and modification time).
/// </summary>
public sealed record ObjectMetadata(long Size, DateTimeOffset LastModified, string ETag);
