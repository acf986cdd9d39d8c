using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace OpenClue.Server.Platform.Storage.S3;

/// <summary>Classifies SDK and transport failures: missing, forbidden, transient (worth retrying) or final.</summary>
public static class S3Errors
{
    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "RequestTimeout", "RequestTimeoutException",
        "InternalError", "ServiceUnavailable", "RequestTimeTooSkewed", "OperationAborted",
    };

    private static readonly HashSet<string> NotFoundCodes = new(StringComparer.Ordinal)
    {
        "NoSuchKey", "NoSuchBucket", "NotFound",
    };

    public static bool IsNotFound(Exception ex) => ex is AmazonServiceException s &&
        (s.StatusCode == HttpStatusCode.NotFound || (s.ErrorCode is { } code && NotFoundCodes.Contains(code)));

    public static bool IsForbidden(Exception ex) => ex is AmazonServiceException s &&
        !IsTransientCode(s) && (s.StatusCode == HttpStatusCode.Forbidden || s.ErrorCode is "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch");

    /// <summary>416: a range starting at or after the end of the object.</summary>
    public static bool IsRangeNotSatisfiable(Exception ex) => ex is AmazonServiceException s &&
        (s.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable || s.ErrorCode == "InvalidRange");

    /// <summary>The service does not offer the operation (s3rver lacks ListMultipartUploads and AbortMultipartUpload).</summary>
    public static bool IsNotImplemented(Exception ex) => ex is AmazonServiceException s &&
        (s.StatusCode is HttpStatusCode.NotImplemented or HttpStatusCode.MethodNotAllowed || s.ErrorCode is "NotImplemented" or "MethodNotAllowed");

    /// <summary>5xx, 429/SlowDown, timeouts and broken connections; never 403 or 404.</summary>
    public static bool IsTransient(Exception ex, CancellationToken callerToken = default)
    {
        if (callerToken.IsCancellationRequested) return false;
        if (ex is AmazonServiceException service && service.StatusCode != 0)
            return IsTransientCode(service);
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AmazonServiceException s when s.StatusCode != 0 && IsTransientCode(s):
                case HttpRequestException:
                case IOException:
                case SocketException:
                case TimeoutException:
                case OperationCanceledException: // HttpClient's timeout; the caller's own cancellation was excluded above
                    return true;
            }
        }
        return false;
    }

    private static bool IsTransientCode(AmazonServiceException s) =>
        (int)s.StatusCode >= 500 || (int)s.StatusCode == 429 || s.StatusCode == HttpStatusCode.RequestTimeout ||
        (s.ErrorCode is { } code && TransientCodes.Contains(code));
}
