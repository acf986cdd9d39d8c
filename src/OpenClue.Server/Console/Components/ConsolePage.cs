using Microsoft.AspNetCore.Components;
using OpenClue.Server.Nclue.Http;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.WebConsole.Components;

/// <summary>A signed-in console page: it acts as the session's tenant, through the same services as the API.</summary>
public abstract class ConsolePage : ComponentBase
{
    [CascadingParameter] public HttpContext Http { get; set; } = null!;
    [Inject] public NavigationManager Navigation { get; set; } = null!;

    protected Tenant Tenant => Tenant.From(Http.User);

    protected CancellationToken Aborted => Http.RequestAborted;

    /// <summary>
    /// A form the services refused is shown again with the messages, answered with the NCLUE API's status for the error, except that a
    /// missing input (404) is 422: a 404 would replace the page with the not-found page.
    /// </summary>
    protected void FormRefused(DomainException error) =>
        Http.Response.StatusCode = NclueErrorWriter.ErrorOf(error).Status is var status && status == StatusCodes.Status404NotFound
            ? StatusCodes.Status422UnprocessableEntity : status;

    /// <summary>
    /// Runs a lookup; a not-found domain error (another tenant's id included) makes the page a 404 showing the console's
    /// not-found page, and yields null.
    /// </summary>
    protected async Task<T?> FindAsync<T>(Func<Task<T>> lookup) where T : class
    {
        try
        {
            return await lookup();
        }
        catch (NotFoundException)
        {
            Navigation.NotFound();
            return null;
        }
    }
}
