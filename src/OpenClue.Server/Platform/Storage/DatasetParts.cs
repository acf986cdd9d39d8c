using OpenClue.Modeling.Data;
using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Platform.Storage;

/// <summary>Turns a bucket path into the lazily opened parts the Modeling readers stream over.</summary>
public static class DatasetParts
{
    public static async Task<IReadOnlyList<DatasetPart>> ResolveAsync(IObjectStorage storage, string bucket, string path, CancellationToken ct)
    {
        IReadOnlyList<StoredObject>? objects;
        try
        {
            objects = await storage.ResolveInputAsync(bucket, path, ct);
        }
        catch (StorageException) { throw; }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageException(FailMessages.ObsDownloadFailed, $"Listing {bucket}/{path} failed", ex);
        }
        if (objects is null || objects.Count == 0)
            throw new JobFailedException(FailMessages.NotExistFile, $"Nothing to read at {bucket}/{path}");
        var parts = new DatasetPart[objects.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            var key = objects[i].Key;
            parts[i] = new DatasetPart($"{bucket}/{key}", () => storage.OpenRead(bucket, key));
        }
        return parts;
    }
}
