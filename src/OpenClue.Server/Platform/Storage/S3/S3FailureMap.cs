using OpenClue.Modeling.Data;

namespace OpenClue.Server.Platform.Storage.S3;

/// <summary>
/// Turns a final S3 failure into the exception the caller's contract promises: job fail messages for customer
/// buckets (<see cref="StorageException"/>), file-system-like exceptions for the artifact store.
/// </summary>
public abstract class S3FailureMap
{
    public static readonly S3FailureMap CustomerBucket = new CustomerBucketFailures();
    public static readonly S3FailureMap Artifacts = new ArtifactFailures();

    public abstract Exception Read(Exception ex, string location);
    public abstract Exception Write(Exception ex, string location);

    /// <summary>Exceptions that already speak the caller's language, or cancellation, pass unchanged.</summary>
    public static bool PassesThrough(Exception ex) => ex is StorageException or OperationCanceledException or FileNotFoundException;

    private sealed class CustomerBucketFailures : S3FailureMap
    {
        public override Exception Read(Exception ex, string location) =>
            PassesThrough(ex) ? ex
            : S3Errors.IsNotFound(ex) ? new StorageException(FailMessages.NotExistFile, $"{location} does not exist", ex)
            : S3Errors.IsForbidden(ex) ? new StorageException(FailMessages.ObsUserFileAccessError, $"{location} may not be read (access denied)", ex)
            : new StorageException(FailMessages.ObsDownloadFailed, $"{location} could not be read: {ex.Message}", ex);

        public override Exception Write(Exception ex, string location) =>
            PassesThrough(ex) ? ex
            : S3Errors.IsForbidden(ex) ? new StorageException(FailMessages.ObsUserFileAccessError, $"{location} may not be written (access denied)", ex)
            : new StorageException(FailMessages.ObsUploadFailed, $"{location} could not be written: {ex.Message}", ex);
    }

    private sealed class ArtifactFailures : S3FailureMap
    {
        public override Exception Read(Exception ex, string location) =>
            PassesThrough(ex) ? ex
            : S3Errors.IsNotFound(ex) ? new FileNotFoundException($"Artifact {location} does not exist", location, ex)
            : new IOException($"Artifact {location} could not be read: {ex.Message}", ex);

        public override Exception Write(Exception ex, string location) =>
            PassesThrough(ex) ? ex : new IOException($"Artifact {location} could not be written: {ex.Message}", ex);
    }
}
