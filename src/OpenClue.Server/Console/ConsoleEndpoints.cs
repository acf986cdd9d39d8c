using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using OpenClue.Server.Nclue.TaskRuns;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Jobs;
using OpenClue.Server.Platform.Persistence;
using OpenClue.Server.Platform.Storage;
using OpenClue.Server.WebConsole.Authentication;

namespace OpenClue.Server.WebConsole;

/// <summary>The console's non-page endpoints: assets, live job statuses, result downloads and sign-out.</summary>
public static class ConsoleEndpoints
{
    /// <summary>At most this many ids per live-status poll (a page shows 20 rows).</summary>
    public const int MaxLiveIds = 50;

    private const string StatusSql = "SELECT status FROM jobs WHERE id = @p0 AND tenant_id = @p1";

    public static void MapConsoleEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/console/assets/{name}", Asset).AllowAnonymous().ExcludeFromDescription();
        var signedIn = routes.MapGroup("/console").RequireAuthorization(ConsoleAuthentication.Policy).ExcludeFromDescription();
        signedIn.MapGet("/live", Live);
        signedIn.MapGet("/task-runs/{runId}/result", Download);
        signedIn.MapPost("/sign-out", SignOut).DisableAntiforgery(); // validated in the handler, see below
    }

    private static Results<FileContentHttpResult, NotFound> Asset(string name, HttpContext http)
    {
        if (ConsoleAssets.Find(name) is not { } asset) return TypedResults.NotFound();
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.File(asset.Content, asset.ContentType, entityTag: new EntityTagHeaderValue($"\"{asset.Hash}\""));
    }

    /// <summary>
    /// <c>GET /console/live?ids=a,b</c>: the status of each of the signed-in tenant's jobs among the ids (others' ids
    /// are simply absent), for the page script to notice when a job moves on.
    /// </summary>
    private static async Task<Results<JsonHttpResult<Dictionary<string, string>>, BadRequest<string>>> Live(string? ids, HttpContext http,
        ReadConnections connections, CancellationToken ct)
    {
        var tenant = Tenant.From(http.User);
        var wanted = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToArray();
        if (wanted.Length > MaxLiveIds) return TypedResults.BadRequest($"At most {MaxLiveIds} ids per request.");
        var statuses = new Dictionary<string, string>(wanted.Length, StringComparer.Ordinal);
        await using var session = await connections.OpenAsync(ct);
        foreach (var id in wanted)
        {
            await using var reader = await session.ReadAsync(StatusSql, ct, id, tenant.Id);
            if (await reader.ReadAsync(ct)) statuses[id] = reader.GetString(0);
        }
        session.Complete();
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Json(statuses, ConsoleJsonContext.Default.DictionaryStringString);
    }

    /// <summary>The result file of a completed task run, streamed from its bucket (which the tenant must still be granted).</summary>
    private static async Task<IResult> Download(string runId, HttpContext http, ResourceQueries<TaskRunRecord> runs, TimeZoneClock clock,
        BucketAccess buckets, IObjectStorage storage, CancellationToken ct)
    {
        var tenant = Tenant.From(http.User);
        TaskRunView run;
        try
        {
            run = TaskRunView.From(await runs.GetAsync(tenant, runId, ct), clock);
        }
        catch (NotFoundException)
        {
            return TypedResults.Text("No such task run.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }
        if (run.Status != JobStatus.Completed)
            return TypedResults.Text($"The task run is {run.Status}; its result exists once it is completed.", "text/plain; charset=utf-8",
                statusCode: StatusCodes.Status409Conflict);
        if (!await buckets.CanUseAsync(tenant, run.ResultBucket, ct))
            return TypedResults.Text($"This tenant may no longer use the bucket '{run.ResultBucket}'.", "text/plain; charset=utf-8",
                statusCode: StatusCodes.Status403Forbidden);
        var stream = storage.OpenRead(run.ResultBucket, run.ResultFilePath);
        return TypedResults.Stream(stream, "text/tab-separated-values; charset=utf-8", Path.GetFileName(run.ResultFilePath));
    }

    /// <summary>Ends the session: the cookie is removed and its id refused from now on, even if a copy of it is replayed.</summary>
    private static async Task<IResult> SignOut(HttpContext http, IAntiforgery antiforgery, ConsoleSessions sessions)
    {
        // Checked here rather than by the middleware's metadata: a handler without form binding would not reject.
        if (!await antiforgery.IsRequestValidAsync(http))
            return TypedResults.Text("The form is out of date or was not sent by the console; reload the page and try again.",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        if (http.User.FindFirst(ConsoleAuthentication.SessionClaim)?.Value is { } session) sessions.End(session);
        await http.SignOutAsync(ConsoleAuthentication.Scheme);
        return TypedResults.Redirect("/console/sign-in?signedOut=true");
    }
}
