using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Platform.Http;

/// <summary>
/// Turns domain errors, unreadable requests, unexpected exceptions and bare statuses into the error body of the
/// request's API surface (<see cref="ApiErrorWriters"/>).
/// </summary>
public static class ApiErrorHandling
{
    /// <summary>Registers an API surface's error format for requests under <paramref name="pathPrefix"/>.</summary>
    public static IServiceCollection AddApiErrorSurface(this IServiceCollection services, PathString pathPrefix, IApiErrorWriter writer)
    {
        services.AddSingleton(new ApiErrorSurface(pathPrefix, writer));
        services.TryAddSingleton<ApiErrorWriters>();
        return services;
    }

    /// <summary>Catches <see cref="DomainException"/> and unexpected exceptions (500, no stack trace in the body).</summary>
    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (DomainException ex)
            {
                await Writer(context).WriteAsync(context, ex);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await Writer(context).WriteStatusAsync(context, StatusCodes.Status413PayloadTooLarge, "The request body is larger than 1 MiB.");
            }
            catch (BadHttpRequestException ex)
            {
                await Writer(context).WriteStatusAsync(context, StatusCodes.Status400BadRequest, "The request could not be read: " + ex.Message);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; nothing to answer.
            }
            catch (Exception ex)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("OpenClue.Api")
                    .LogError(ex, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
                await Writer(context).WriteStatusAsync(context, StatusCodes.Status500InternalServerError,
                    "An unexpected error occurred; quote the request id when reporting it.");
            }
        });
        // Statuses set by the framework with no body (unknown route, wrong method) get the same body.
        app.UseStatusCodePages(async status =>
        {
            var http = status.HttpContext;
            var code = http.Response.StatusCode;
            var details = code switch
            {
                404 => $"No resource or route matches {http.Request.Path}.",
                405 => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
                _ => "The request could not be processed.",
            };
            await Writer(http).WriteStatusAsync(http, code, details);
        });
        return app;
    }

    private static IApiErrorWriter Writer(HttpContext context) =>
        context.RequestServices.GetRequiredService<ApiErrorWriters>().For(context);
}
