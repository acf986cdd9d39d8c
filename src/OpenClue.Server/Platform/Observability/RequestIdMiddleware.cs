using System.Buffers;

namespace OpenClue.Server.Platform.Observability;

/// <summary>
/// Gives every request a correlation id: a well-formed incoming X-Request-Id is kept, otherwise a new one is made.
/// The id becomes HttpContext.TraceIdentifier, is echoed in the response and scopes every log line of the request.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next, ILogger<RequestIdMiddleware> logger)
{
    public const string HeaderName = "X-Request-Id";
    private const int MaxLength = 64;

    private static readonly SearchValues<char> AllowedChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = AcceptIncoming(context.Request.Headers[HeaderName]) ?? Guid.NewGuid().ToString("N");
        context.TraceIdentifier = requestId;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = requestId;
            return Task.CompletedTask;
        });

        using (logger.BeginScope("RequestId:{RequestId}", requestId))
        {
            await next(context);
        }
    }

    // Client-supplied ids end up in logs and headers, so only short, plain tokens are trusted.
    private static string? AcceptIncoming(Microsoft.Extensions.Primitives.StringValues values) =>
        values is [{ Length: > 0 and <= MaxLength } candidate] && !candidate.AsSpan().ContainsAnyExcept(AllowedChars)
            ? candidate
            : null;
}
