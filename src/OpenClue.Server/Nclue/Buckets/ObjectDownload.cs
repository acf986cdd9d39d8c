using OpenClue.Server.Platform.Storage;

namespace OpenClue.Server.Nclue.Buckets;

/// <summary>An object opened for streaming to the client, with the metadata its response headers carry; the caller disposes the stream.</summary>
public sealed record ObjectDownload(ObjectMetadata Metadata, Stream Content);
