using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Nclue.Http;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Jobs;

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

    private static async Task<Ok<TaskRunCreated>> Create(TaskRunCreateRequest request, Tenant tenant, TaskRunService runs, CancellationToken ct) =>
        TypedResults.Ok(await runs.CreateAsync(tenant, request, ct));

    private static async Task<Ok<TaskRunList>> List(HttpRequest http, Tenant tenant, ResourceQueries<TaskRunRecord> runs, TimeZoneClock clock, CancellationToken ct)
    {
        var paging = NcluePaging.From(http);
        var (total, page) = await runs.PageAsync(tenant, paging, ct);
        return TypedResults.Ok(new TaskRunList(paging.Index, paging.Limit, total, page.ConvertAll(item => TaskRunView.From(item, clock))));
    }

    private static async Task<Ok<TaskRunView>> Get(string runId, Tenant tenant, ResourceQueries<TaskRunRecord> runs, TimeZoneClock clock, CancellationToken ct) =>
        TypedResults.Ok(TaskRunView.From(await runs.GetAsync(tenant, runId, ct), clock));

    private static async Task<Ok<TaskRunDeleted>> Delete(string runId, Tenant tenant, TaskRunService runs, CancellationToken ct) =>
        TypedResults.Ok(await runs.DeleteAsync(tenant, runId, ct));
}
