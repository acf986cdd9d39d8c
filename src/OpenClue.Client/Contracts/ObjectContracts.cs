using System.Text.Json.Serialization;

namespace OpenClue.Client.Contracts;

/// <summary>An object in a bucket (D25): the answer to an upload.</summary>
public sealed record ObjectInfo(
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("modified_at")] string ModifiedAt,
    [property: JsonPropertyName("etag")] string ETag);

public sealed record ObjectListItem(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long Size);

/// <summary>
/// A page of a bucket listing, in path order: by index (with <see cref="Index"/> and <see cref="Total"/>) or, for large
/// folders, after a path (with <see cref="After"/>, and <see cref="NextAfter"/> while more objects follow; nothing counted).
/// </summary>
public sealed record ObjectList(
    [property: JsonPropertyName("index"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Index,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Total,
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("prefix")] string Prefix,
    [property: JsonPropertyName("after"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? After,
    [property: JsonPropertyName("next_after"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextAfter,
    [property: JsonPropertyName("objects")] IReadOnlyList<ObjectListItem> Objects);

public sealed record ObjectDeleted(
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("path")] string Path);
