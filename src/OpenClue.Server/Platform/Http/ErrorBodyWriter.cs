using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace OpenClue.Server.Platform.Http;

/// <summary>Writes the one error body every 4xx/5xx carries (D5), and maps exceptions and bare statuses to it.</summary>
public static class ErrorBodyWriter
{
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

    /// <summary>Catches <see cref="ApiException"/> and unexpected exceptions (500, no stack trace in the body).</summary>
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (ApiException ex)
            {
                await WriteAsync(context, ex.Error, ex.Details);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await WriteAsync(context, ApiError.PayloadTooLarge, "The request body is larger than 1 MiB.");
            }
            catch (BadHttpRequestException ex)
            {
                await WriteAsync(context, ApiError.InvalidParameter, "The request could not be read: " + ex.Message);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; nothing to answer.
            }
            catch (Exception ex)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("OpenClue.Api")
                    .LogError(ex, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                await WriteAsync(context, ApiError.InternalError,
                    "An unexpected error occurred; quote the request id when reporting it.");
            }
        });
        // Statuses set by the framework with no body (unknown route, wrong method) get the same body.
        app.UseStatusCodePages(async status =>
        {
            var code = status.HttpContext.Response.StatusCode;
            var error = ApiError.ForStatus(code);
            var details = code switch
            {
                404 => $"No resource or route matches {status.HttpContext.Request.Path}.",
                405 => $"{status.HttpContext.Request.Method} is not allowed on {status.HttpContext.Request.Path}.",
                _ => "The request could not be processed.",
            };
            await WriteAsync(status.HttpContext, error, details);
        });
        return app;
    }
}
