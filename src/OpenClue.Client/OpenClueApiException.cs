using System.Net;

namespace OpenClue.Client;

/// <summary>
/// The server answered with an error body (D5): <c>{"error":{"errorCode","message","details","request_id"}}</c>.
/// A body of another shape (a proxy, a gateway) still gives the HTTP status and the text it carried.
/// </summary>
public sealed class OpenClueApiException(
    HttpStatusCode statusCode, string errorCode, string errorMessage, string? details, string? requestId)
    : Exception(Describe(statusCode, errorCode, errorMessage, details, requestId))
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>Numeric code such as <c>10110</c>; the HTTP status when the body carried none.</summary>
    public string ErrorCode { get; } = errorCode;

    /// <summary>Symbolic message such as <c>NOT_FOUND</c>.</summary>
    public string ErrorMessage { get; } = errorMessage;

    /// <summary>A sentence a person can act on.</summary>
    public string? Details { get; } = details;

    public string? RequestId { get; } = requestId;

    /// <summary>The request went out more than once (retried after 429, 503 or a lost connection).</summary>
    public bool AfterRetry { get; init; }

    /// <summary>A create answered 409 10102 on a retry: the first attempt may have made the resource.</summary>
    internal bool IsDuplicateAfterRetry => AfterRetry && StatusCode == HttpStatusCode.Conflict && ErrorCode == "10102";

    private static string Describe(HttpStatusCode status, string code, string message, string? details, string? requestId) =>
        $"{(int)status} {code} {message}" + (details is null ? "" : $": {details}") +
        (requestId is null ? "" : $" (request id {requestId})");
}
