namespace OpenClue.Server.Nclue.Http;

/// <summary>One documented or decided error (D5): HTTP status, numeric code and message.</summary>
public sealed record ApiError(int Status, string Code, string Message)
{
    public static readonly ApiError AccessDenied = new(401, "10100", "ACCESS_DENIED");
    public static readonly ApiError NameTooLong = new(422, "10101", "NAME_TOO_LONG");
    public static readonly ApiError DuplicateName = new(409, "10102", "DUPLICATE_NAME");
    public static readonly ApiError InvalidPathCharacter = new(422, "10103", "INVALID_PATH_CHARACTER");
    public static readonly ApiError InvalidCharacterInTrainPath = new(422, "10104", "INVALID_CHARACTER_IN_TRAIN_PATH");
    public static readonly ApiError InvalidCharacterInTestPath = new(422, "10105", "INVALID_CHARACTER_IN_TEST_PATH");
    public static readonly ApiError PathNotFound = new(404, "10106", "PATH_NOT_FOUND");
    public static readonly ApiError TrainPathNotFound = new(404, "10107", "TRAIN_PATH_NOT_FOUND");
    public static readonly ApiError TestPathNotFound = new(404, "10108", "TEST_PATH_NOT_FOUND");
    public static readonly ApiError PersonalDataNotAllowed = new(422, "10109", "PERSONAL_DATA_NOT_ALLOWED");
    public static readonly ApiError NotFound = new(404, "10110", "NOT_FOUND");
    public static readonly ApiError InvalidParameter = new(400, "10111", "INVALID_PARAMETER");
    public static readonly ApiError InvalidState = new(409, "10112", "INVALID_STATE");
    public static readonly ApiError ResourceNotReady = new(409, "10113", "RESOURCE_NOT_READY");
    public static readonly ApiError TooManyRequests = new(429, "10114", "TOO_MANY_REQUESTS");
    public static readonly ApiError ModelMismatch = new(409, "10115", "MODEL_MISMATCH");
    public static readonly ApiError InternalError = new(500, "10116", "INTERNAL_ERROR");
    public static readonly ApiError PayloadTooLarge = new(413, "10117", "PAYLOAD_TOO_LARGE");
    public static readonly ApiError MethodNotAllowed = new(405, "10118", "METHOD_NOT_ALLOWED");
    public static readonly ApiError UriTooLong = new(414, "10119", "URI_TOO_LONG");
    public static readonly ApiError HeadersTooLarge = new(431, "10120", "REQUEST_HEADERS_TOO_LARGE");

    public static readonly IReadOnlyList<ApiError> All =
    [
        AccessDenied, NameTooLong, DuplicateName, InvalidPathCharacter, InvalidCharacterInTrainPath,
        InvalidCharacterInTestPath, PathNotFound, TrainPathNotFound, TestPathNotFound, PersonalDataNotAllowed,
        NotFound, InvalidParameter, InvalidState, ResourceNotReady, TooManyRequests, ModelMismatch, InternalError,
        PayloadTooLarge, MethodNotAllowed, UriTooLong, HeadersTooLarge,
    ];

    /// <summary>The error for a bare HTTP status produced by the framework (unknown route, wrong method...).</summary>
    public static ApiError ForStatus(int status) => status switch
    {
        401 => AccessDenied,
        404 => NotFound,
        405 => MethodNotAllowed,
        413 => PayloadTooLarge,
        414 => UriTooLong,
        429 => TooManyRequests,
        431 => HeadersTooLarge,
        >= 500 => InternalError,
        _ => InvalidParameter,
    };
}
