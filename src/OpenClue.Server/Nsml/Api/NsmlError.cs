namespace OpenClue.Server.Nsml.Api;

/// <summary>
/// An NSML error (N7): status as the documentation lists them (400, 404, 406; 401 for a missing API Gateway key),
/// in the same body as NCLUE's errors. Codes are OpenClue's own (NSML documents none), in the 20xxx range.
/// </summary>
public sealed record NsmlError(int Status, string Code, string Message)
{
    public static readonly NsmlError ApiKeyDenied = new(401, "20100", "API_KEY_DENIED");
    public static readonly NsmlError NotFound = new(404, "20110", "NOT_FOUND");
    public static readonly NsmlError InvalidParameter = new(400, "20111", "INVALID_PARAMETER");
    public static readonly NsmlError DuplicateName = new(400, "20112", "DUPLICATE_NAME");
    public static readonly NsmlError NotAcceptable = new(406, "20113", "NOT_ACCEPTABLE");
}
