namespace OpenClue.Client;

/// <summary>An object being downloaded: its bytes as a stream straight from the connection, and what the headers said. Dispose it.</summary>
public sealed class ObjectDownload(HttpResponseMessage response, Stream content) : IDisposable, IAsyncDisposable
{
    public Stream Content { get; } = content;

    public long? Length => response.Content.Headers.ContentLength;

    public string? ETag => response.Headers.ETag?.ToString();

    public DateTimeOffset? LastModified => response.Content.Headers.LastModified;

    public void Dispose()
    {
        Content.Dispose();
        response.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        response.Dispose();
    }
}
