using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Http;

namespace OpenClue.Server.Nclue.TaskRuns;

public static class TaskRunsApi
{
    public static RouteGroupBuilder MapTaskRunsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/task-runs").WithTags("Task runs");
        group.MapPost("", Create).WithMetadata(new DocumentedRequestBody(typeof(TaskRunCreateRequest)));
        group.MapGet("", List);
        group.MapGet("/{runId}", Get);
        group.MapDelete("/{runId}", Delete);
        return group;
    }

    private static async Task<Ok<TaskRunCreated>> Create(HttpContext http, TaskRunService runs, CancellationToken ct)
    {
        using var body = await JsonRequestBody.ReadAsync(http.Request, ct);
        return TypedResults.Ok(await runs.CreateAsync(http.GetTenant(), body, ct));
    }

    private static async Task<Ok<TaskRunList>> List(HttpContext http, TaskRunQueries runs, CancellationToken ct) =>
        TypedResults.Ok(await runs.ListAsync(http.GetTenant(), Paging.From(http.Request), ct));

    private static async Task<Ok<TaskRunView>> Get(string runId, HttpContext http, TaskRunQueries runs, CancellationToken ct) =>
        TypedResults.Ok(await runs.GetAsync(http.GetTenant(), runId, ct));

    private static async Task<Ok<TaskRunDeleted>> Delete(string runId, HttpContext http, TaskRunService runs, CancellationToken ct) =>
        TypedResults.Ok(await runs.DeleteAsync(http.GetTenant(), runId, ct));
}
