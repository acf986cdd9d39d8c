namespace OpenClue.Cli.Buckets;

/// <summary>The buckets the server reads datasets from and writes results to, as seen from this machine.</summary>
internal interface IBuckets
{
    /// <summary>Where an object is, for a person: a local file path or an <c>s3://</c> URL.</summary>
    string Describe(string bucket, string key);

    /// <summary>Creates the bucket if it does not exist yet.</summary>
    Task EnsureBucketAsync(string bucket, CancellationToken ct);

    Task UploadAsync(string localFile, string bucket, string key, CancellationToken ct);

    /// <summary>Writes the object to <paramref name="localFile"/>, which appears only when the whole object is there.</summary>
    Task DownloadAsync(string bucket, string key, string localFile, CancellationToken ct);

    /// <summary>Writes the object to <paramref name="destination"/> (stdout, for <c>runs download -</c>).</summary>
    Task CopyToAsync(string bucket, string key, Stream destination, CancellationToken ct);
}
