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

/// <summary>A page of a bucket listing, in path order.</summary>
public sealed record ObjectList(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("prefix")] string Prefix,
    [property: JsonPropertyName("objects")] IReadOnlyList<ObjectListItem> Objects);

public sealed record ObjectDeleted(
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("path")] string Path);
