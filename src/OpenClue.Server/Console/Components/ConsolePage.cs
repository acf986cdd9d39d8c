using Microsoft.AspNetCore.Components;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.WebConsole.Authentication;

namespace OpenClue.Server.WebConsole.Components;

/// <summary>A signed-in console page: it acts as the session's tenant, through the same services as the API.</summary>
public abstract class ConsolePage : ComponentBase
{
    [CascadingParameter] public HttpContext Http { get; set; } = null!;
    [Inject] public NavigationManager Navigation { get; set; } = null!;

    protected Tenant Tenant => ConsoleAuthentication.TenantOf(Http.User);

    protected CancellationToken Aborted => Http.RequestAborted;

    /// <summary>
    /// A form the services refused is shown again with the messages, answered with the error's status, except that a
    /// missing input (404) is 422: a 404 would replace the page with the not-found page.
    /// </summary>
    protected void FormRefused(ApiException error) =>
        Http.Response.StatusCode = error.Error.Status == StatusCodes.Status404NotFound ? StatusCodes.Status422UnprocessableEntity : error.Error.Status;

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
        catch (ApiException ex) when (ex.Error == ApiError.NotFound)
        {
            Navigation.NotFound();
            return null;
        }
    }
}
