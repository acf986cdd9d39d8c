using System.Reflection;
using OpenClue.Modeling.Data;

namespace OpenClue.Modeling.Tests;

public class FailMessagesTests
{
    [Fact]
    public void ExposesExactlyTheDocumentedValues()
    {
        string[] values = typeof(FailMessages).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
        [
            "COMMON_ERROR", "DISK_SPACE_SHORTAGE", "DUPLICATE_USERID", "LIMIT_ERROR_MID_LENGTH", "NOT_EXIST_FILE",
            "NUM_OF_LABEL_INSUFFICIENT", "OBS_DOWNLOAD_FAILED", "OBS_UPLOAD_FAILED", "OBS_USER_FILE_ACCESS_ERROR",
            "PERSONAL_DATA_NOT_ALLOWED", "UNEXPECTED_FILE_TYPE", "UNEXPECTED_LABEL", "UNEXPECTED_TXT_FORMAT",
        ], values);
        Assert.Equal("DUPLICATE_USERID", FailMessages.DuplicateUserId);
    }

    [Fact]
    public void DatasetExceptionCarriesFailMessageSourceAndLine()
    {
        var e = new DatasetException(FailMessages.UnexpectedLabel, "labels/part-1.txt", 12, "label is not 0 or 1");
        Assert.Equal("UNEXPECTED_LABEL", e.FailMessage);
        Assert.Equal("labels/part-1.txt", e.SourceName);
        Assert.Equal(12, e.LineNumber);
        Assert.Equal("UNEXPECTED_LABEL: label is not 0 or 1 (labels/part-1.txt, line 12)", e.Message);
    }
}
