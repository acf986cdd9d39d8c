using Microsoft.AspNetCore.Components;
using OpenClue.Server.Auth;
using OpenClue.Server.WebConsole.Authentication;

namespace OpenClue.Server.WebConsole.Components;

/// <summary>A signed-in console page: it acts as the session's tenant, through the same services as the API.</summary>
public abstract class ConsolePage : ComponentBase
{
    [CascadingParameter] public HttpContext Http { get; set; } = null!;
    [Inject] public NavigationManager Navigation { get; set; } = null!;

    protected Tenant Tenant => ConsoleAuthentication.TenantOf(Http.User);

    protected CancellationToken Aborted => Http.RequestAborted;

    /// <summary>Set when the resource does not exist for this tenant (another tenant's id included): the page answers 404.</summary>
    protected bool NotFound { get; private set; }

    protected void MarkNotFound()
    {
        NotFound = true;
        Http.Response.StatusCode = StatusCodes.Status404NotFound;
    }

    /// <summary>Runs a lookup; a not-found domain error marks the page 404 and yields null.</summary>
    protected async Task<T?> FindAsync<T>(Func<Task<T>> lookup) where T : class
    {
        try
        {
            return await lookup();
        }
        catch (Api.ApiException ex) when (ex.Error == Api.ApiError.NotFound)
        {
            MarkNotFound();
            return null;
        }
    }
}
