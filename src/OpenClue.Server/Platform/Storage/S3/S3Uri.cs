namespace OpenClue.Server.Platform.Storage.S3;

/// <summary>An <c>s3://bucket/prefix</c> location (D23's <c>ArtifactStore</c>).</summary>
public sealed record S3Uri(string Bucket, string Prefix)
{
    public static bool IsS3(string? value) => value is not null && value.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    public static S3Uri Parse(string value)
    {
        if (!IsS3(value)) throw new FormatException($"'{value}' is not an s3://bucket/prefix location.");
        var rest = value["s3://".Length..];
        var slash = rest.IndexOf('/');
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (!PathRules.IsValidBucketName(bucket)) throw new FormatException($"'{bucket}' in '{value}' is not a valid bucket name.");
        if (prefix.Length > 0 && PathRules.Problem(prefix) is { } problem) throw new FormatException($"The prefix in '{value}' is not usable: {problem}");
        return new S3Uri(bucket, prefix);
    }

    /// <summary>The object key of <paramref name="relativeKey"/> under the prefix.</summary>
    public string KeyOf(string relativeKey) => Prefix.Length == 0 ? relativeKey : $"{Prefix}/{relativeKey}";

    public override string ToString() => Prefix.Length == 0 ? $"s3://{Bucket}" : $"s3://{Bucket}/{Prefix}";
}
