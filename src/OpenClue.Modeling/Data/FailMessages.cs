namespace OpenClue.Modeling.Data;

/// <summary>The documented job <c>fail_message</c> values (NCLUE-compatible); the constant value is what API users see.</summary>
public static class FailMessages
{
    public const string CommonError = "COMMON_ERROR";
    public const string DiskSpaceShortage = "DISK_SPACE_SHORTAGE";
    public const string DuplicateUserId = "DUPLICATE_USERID";
    public const string LimitErrorMidLength = "LIMIT_ERROR_MID_LENGTH";
    public const string NotExistFile = "NOT_EXIST_FILE";
    public const string NumOfLabelInsufficient = "NUM_OF_LABEL_INSUFFICIENT";
    public const string ObsDownloadFailed = "OBS_DOWNLOAD_FAILED";
    public const string ObsUploadFailed = "OBS_UPLOAD_FAILED";
    public const string ObsUserFileAccessError = "OBS_USER_FILE_ACCESS_ERROR";
    public const string UnexpectedFileType = "UNEXPECTED_FILE_TYPE";
    public const string UnexpectedLabel = "UNEXPECTED_LABEL";
    public const string UnexpectedTxtFormat = "UNEXPECTED_TXT_FORMAT";
    public const string PersonalDataNotAllowed = "PERSONAL_DATA_NOT_ALLOWED";
}
