using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Platform.Http;

/// <summary>How one API surface answers errors: its body, its codes, its headers.</summary>
public interface IApiErrorWriter
{
    /// <summary>A domain error from binding, validation or a service.</summary>
    Task WriteAsync(HttpContext context, DomainException error);

    /// <summary>
    /// An error that is only an HTTP status: 401 (authentication), 404/405 (no route), 413 (body over Kestrel's
    /// limit), 400 (unreadable request), 500 (unexpected fault, <paramref name="details"/> free of internals).
    /// </summary>
    Task WriteStatusAsync(HttpContext context, int status, string details);
}
