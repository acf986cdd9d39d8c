using System.Text.Json.Serialization;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Nclue.Buckets;

/// <summary>An object's metadata: the answer to PUT, and the headers of GET and HEAD as a body.</summary>
public sealed record ObjectView(
    [property: JsonPropertyName("bucket")] string Bucket,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("modified_at")] string ModifiedAt,
    [property: JsonPropertyName("etag")] string ETag)
{
    public static ObjectView From(ObjectAddress address, ObjectMetadata metadata, TimeZoneClock clock) =>
        new(address.Bucket, address.Path, metadata.Size, clock.Format(metadata.LastModified), metadata.ETag);
}

/// <summary>One object of a listing.</summary>
public sealed record ObjectListItem(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long Size);

/// <summary>
/// A page of a bucket listing, in path order: by position (D4: <c>index</c> and <c>total</c>, no <c>after</c>), or by
/// path (D25's <c>after</c>: no <c>index</c> nor <c>total</c>, and <c>next_after</c> to ask for the next page while
/// more may follow).
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
