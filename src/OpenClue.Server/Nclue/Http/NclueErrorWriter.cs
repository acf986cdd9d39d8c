using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Nclue.Http;

/// <summary>NCLUE's error body (D5) with its numeric codes, for every 4xx/5xx under the NCLUE API.</summary>
public sealed class NclueErrorWriter : IApiErrorWriter
{
    public Task WriteAsync(HttpContext context, DomainException error)
    {
        if (error is QuotaExceededException quota)
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(quota.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return WriteAsync(context, ErrorOf(error), error.Details);
    }

    public Task WriteStatusAsync(HttpContext context, int status, string details) =>
        WriteAsync(context, ApiError.ForStatus(status), details);

    /// <summary>The D5 error of a domain error: the kind gives the status, the reason and field the finer code.</summary>
    public static ApiError ErrorOf(DomainException error) => error switch
    {
        NotFoundException { Field: null } => ApiError.NotFound,
        NotFoundException { Field: "train_file_path" } => ApiError.TrainPathNotFound,
        NotFoundException { Field: "test_file_path" } => ApiError.TestPathNotFound,
        NotFoundException => ApiError.PathNotFound,
        DuplicateException => ApiError.DuplicateName,
        InvalidStateException => ApiError.InvalidState,
        NotReadyException => ApiError.ResourceNotReady,
        QuotaExceededException => ApiError.TooManyRequests,
        InvalidInputException input => input.Problem switch
        {
            InputProblem.NameTooLong => ApiError.NameTooLong,
            InputProblem.InvalidPathCharacter when input.Field == "train_file_path" => ApiError.InvalidCharacterInTrainPath,
            InputProblem.InvalidPathCharacter when input.Field == "test_file_path" => ApiError.InvalidCharacterInTestPath,
            InputProblem.InvalidPathCharacter => ApiError.InvalidPathCharacter,
            InputProblem.PersonalData => ApiError.PersonalDataNotAllowed,
            InputProblem.ModelMismatch => ApiError.ModelMismatch,
            InputProblem.BodyTooLarge => ApiError.PayloadTooLarge,
            _ => ApiError.InvalidParameter,
        },
        _ => ApiError.InternalError,
    };

    public static async Task WriteAsync(HttpContext context, ApiError error, string details)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = error.Status;
        // An unread oversized body cannot be drained: close the connection so the client does not reuse it.
        if (error == ApiError.PayloadTooLarge) context.Response.Headers.Connection = "close";
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("errorCode", error.Code);
        json.WriteString("message", error.Message);
        json.WriteString("details", details);
        json.WriteString("request_id", context.TraceIdentifier);
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync();
    }
}
