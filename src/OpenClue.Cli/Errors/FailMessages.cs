using OpenClue.Client.Contracts;

namespace OpenClue.Cli.Errors;

/// <summary>What to do about each documented <c>fail_message</c> (§4, D15-D17).</summary>
internal static class FailMessages
{
    /// <summary>The server's own sentence (<c>fail_details</c>: file, line, value) when it sends one, else the generic hint.</summary>
    public static string Explain(IJobResource resource) =>
        resource.FailDetails is { Length: > 0 } details ? details.TrimEnd('.') + ". " + Hint(resource.FailMessage) : Hint(resource.FailMessage);

    public static string Hint(string? failMessage) => failMessage switch
    {
        "UNEXPECTED_TXT_FORMAT" => "Every line must be user_id<TAB>behaviour->behaviour (or user_id<TAB>0|1 for labels), with a non-empty id.",
        "UNEXPECTED_FILE_TYPE" => "The file must be UTF-8 text (gzip allowed) without NUL bytes.",
        "DUPLICATE_USERID" => "A user id appears twice in the dataset; keep one line per user.",
        "LIMIT_ERROR_MID_LENGTH" => "A user id is longer than 100 characters; shorten it.",
        "NOT_EXIST_FILE" => "The file is empty or missing; check the bucket and path.",
        "NUM_OF_LABEL_INSUFFICIENT" => "Training needs at least 100 users of each label (0 and 1) present in the feature.",
        "UNEXPECTED_LABEL" => "Labels must be 0 or 1, and a user may not have both.",
        "PERSONAL_DATA_NOT_ALLOWED" => "The file holds personal data (phone, e-mail, card or id numbers); use opaque ids.",
        "DISK_SPACE_SHORTAGE" => "The tenant's storage quota is full; delete unused features or tasks.",
        "OBS_DOWNLOAD_FAILED" or "OBS_USER_FILE_ACCESS_ERROR" => "The server could not read the bucket; check the path and its permissions.",
        "OBS_UPLOAD_FAILED" => "Writing the result failed; create the run again.",
        _ => "See the server log for details.",
    };
}
