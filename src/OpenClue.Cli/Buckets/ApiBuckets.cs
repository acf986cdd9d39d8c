using OpenClue.Client;

namespace OpenClue.Cli.Buckets;

/// <summary>
/// The server's buckets through its object endpoints (<c>/api/v1/buckets/{bucket}/objects</c>): whatever the server
/// stores them in, from any machine that reaches the API, with the profile's key and its bucket grants.
/// </summary>
internal sealed class ApiBuckets(OpenClueClient client, Uri endpoint) : IBuckets
{
    public string Describe(string bucket, string key) =>
        new Uri(OpenClueClient.ApiRoot(endpoint), $"api/v1/buckets/{bucket}/objects/{key}").ToString();

    /// <summary>Nothing to do: the first object put into a local bucket creates it; an S3 bucket must exist (the upload says so).</summary>
    public Task EnsureBucketAsync(string bucket, CancellationToken ct) => Task.CompletedTask;

    public Task UploadAsync(string localFile, string bucket, string key, CancellationToken ct) =>
        client.Objects.UploadFileAsync(bucket, key, localFile, ct);

    public Task DownloadAsync(string bucket, string key, string localFile, CancellationToken ct) =>
        LocalFile.WriteAsync(localFile, output => CopyToAsync(bucket, key, output, ct));

    public Task CopyToAsync(string bucket, string key, Stream destination, CancellationToken ct) =>
        client.Objects.DownloadToAsync(bucket, key, destination, ct);
}
