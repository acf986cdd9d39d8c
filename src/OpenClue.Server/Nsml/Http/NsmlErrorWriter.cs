using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Nsml.Http;

/// <summary>
/// N7 for every error under <c>/nsml</c>: the domain errors of the NSML services (invalid input and duplicates 400,
/// not found 404, a state that does not allow the operation 406) and bare statuses, in NCLUE's body shape.
/// </summary>
public sealed class NsmlErrorWriter : IApiErrorWriter
{
    public Task WriteAsync(HttpContext context, DomainException error)
    {
        if (error is QuotaExceededException quota)
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(quota.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return WriteAsync(context, ErrorOf(error), error.Details);
    }

    public Task WriteStatusAsync(HttpContext context, int status, string details) => WriteAsync(context, NsmlError.ForStatus(status), details);

    public static NsmlError ErrorOf(DomainException error) => error switch
    {
        NotFoundException => NsmlError.NotFound,
        DuplicateException => NsmlError.DuplicateName,
        InvalidStateException or NotReadyException => NsmlError.NotAcceptable,
        QuotaExceededException => NsmlError.TooManyRequests,
        InvalidInputException { Problem: InputProblem.BodyTooLarge } => NsmlError.PayloadTooLarge,
        InvalidInputException => NsmlError.InvalidParameter,
        _ => NsmlError.InternalError,
    };

    public static async Task WriteAsync(HttpContext context, NsmlError error, string details)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = error.Status;
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
