namespace OpenClue.Server.Nsml.Http;

/// <summary>
/// An NSML error (N7): status as the documentation lists them (400, 404, 406; 401 for authentication and a missing
/// API Gateway key), in the same body as NCLUE's errors. Codes are OpenClue's own (NSML documents none), 20xxx.
/// </summary>
public sealed record NsmlError(int Status, string Code, string Message)
{
    public static readonly NsmlError AccessDenied = new(401, "20100", "ACCESS_DENIED");
    public static readonly NsmlError ApiKeyDenied = new(401, "20101", "API_KEY_DENIED");
    public static readonly NsmlError NotFound = new(404, "20110", "NOT_FOUND");
    public static readonly NsmlError InvalidParameter = new(400, "20111", "INVALID_PARAMETER");
    public static readonly NsmlError DuplicateName = new(400, "20112", "DUPLICATE_NAME");
    public static readonly NsmlError NotAcceptable = new(406, "20113", "NOT_ACCEPTABLE");
    public static readonly NsmlError MethodNotAllowed = new(405, "20114", "METHOD_NOT_ALLOWED");
    public static readonly NsmlError PayloadTooLarge = new(413, "20115", "PAYLOAD_TOO_LARGE");
    public static readonly NsmlError TooManyRequests = new(429, "20116", "TOO_MANY_REQUESTS");
    public static readonly NsmlError InternalError = new(500, "20117", "INTERNAL_ERROR");

    /// <summary>The error of a bare HTTP status (authentication, unknown route, wrong method, unreadable request).</summary>
    public static NsmlError ForStatus(int status) => status switch
    {
        401 => AccessDenied,
        404 => NotFound,
        405 => MethodNotAllowed,
        413 => PayloadTooLarge,
        429 => TooManyRequests,
        >= 500 => InternalError,
        _ => InvalidParameter,
    };
}
