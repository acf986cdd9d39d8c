using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Nsml.Http;
using OpenClue.Server.Nsml.Persistence;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Nsml.Runs;

/// <summary>Runs under <c>/nsml/v1/projects</c> (§4.3) and the N4 extensions: stop, delete, logs.</summary>
public static class RunsApi
{
    public const string NextOffsetHeader = "X-Next-Offset";
    public const string RunStatusHeader = "X-Run-Status";

    public static void MapRunsApi(this RouteGroupBuilder nsml)
    {
        var group = nsml.MapGroup("/projects").WithTags("NSML runs");
        group.MapGet("/runs", List);
        group.MapPost("/{projectId}/runs", Create);
        group.MapGet("/{projectId}/runs/{runName}", Get);
        group.MapDelete("/{projectId}/runs/{runName}", Delete);
        group.MapGet("/{projectId}/runs/{runName}/nodes", Nodes);
        group.MapPost("/{projectId}/runs/{runName}/stop", Stop);
        group.MapGet("/{projectId}/runs/{runName}/logs", Logs);
    }

    private static async Task<JsonHttpResult<RunCreated>> Create(string projectId, HttpContext http, RunService runs, CancellationToken ct)
    {
        using var body = await NsmlJsonBody.ReadAsync(http.Request, ct);
        var created = await runs.CreateAsync(http.GetTenant(), projectId, body.Root, ct);
        return TypedResults.Json(created, NsmlJsonContext.Relaxed.RunCreated, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<JsonHttpResult<RunListResponse>> List(HttpContext http, RunService runs, CancellationToken ct) =>
        TypedResults.Json(await runs.ListAsync(http.GetTenant(), new RunListQuery(NsmlPagingQuery.From(http.Request),
            NsmlPagingQuery.Values(http.Request, "projectId"), NsmlPagingQuery.Values(http.Request, "status"),
            NsmlPagingQuery.Values(http.Request, "runType")), ct), NsmlJsonContext.Relaxed.RunListResponse);

    private static async Task<JsonHttpResult<RunDetail>> Get(string projectId, string runName, HttpContext http, RunService runs, CancellationToken ct) =>
        TypedResults.Json(await runs.GetAsync(http.GetTenant(), projectId, runName, ct), NsmlJsonContext.Relaxed.RunDetail);

    private static async Task<JsonHttpResult<RunChanged>> Delete(string projectId, string runName, HttpContext http, RunService runs, CancellationToken ct) =>
        TypedResults.Json(await runs.DeleteAsync(http.GetTenant(), projectId, runName, ct), NsmlJsonContext.Relaxed.RunChanged);

    private static async Task<JsonHttpResult<NodeListResponse>> Nodes(string projectId, string runName, HttpContext http, RunService runs,
        CancellationToken ct) =>
        TypedResults.Json(await runs.NodesAsync(http.GetTenant(), projectId, runName, NsmlPagingQuery.From(http.Request), ct),
            NsmlJsonContext.Relaxed.NodeListResponse);

    private static async Task<JsonHttpResult<RunChanged>> Stop(string projectId, string runName, HttpContext http, RunService runs, CancellationToken ct) =>
        TypedResults.Json(await runs.StopAsync(http.GetTenant(), projectId, runName, ct), NsmlJsonContext.Relaxed.RunChanged);

    /// <summary>
    /// The run's output as text from byte <c>offset</c> (default 0), at most 1 MiB per call; <c>X-Next-Offset</c> is where
    /// to continue and <c>X-Run-Status</c> the run's state when read, so a tail stops once the run has ended and nothing is left.
    /// </summary>
    private static async Task<FileContentHttpResult> Logs(string projectId, string runName, HttpContext http, RunService runs,
        RunLogStore logs, NsmlDbContext db, CancellationToken ct)
    {
        long offset = 0;
        if (http.Request.Query.TryGetValue("offset", out var values) &&
            (values.Count != 1 || !long.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
            throw InvalidInputException.Parameter($"offset must be one non-negative integer (a byte offset into the log); got '{values}'.");
        var (_, run) = await runs.FindAsync(http.GetTenant(), projectId, runName, ct);
        var (data, next) = await logs.ReadAsync(db, run.Seq, offset, ct);
        http.Response.Headers[NextOffsetHeader] = next.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers[RunStatusHeader] = run.Status;
        return TypedResults.File(data, "text/plain; charset=utf-8");
    }
}
