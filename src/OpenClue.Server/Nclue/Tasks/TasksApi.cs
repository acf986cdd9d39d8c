using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Nclue.Http;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Hosting;
using OpenClue.Server.Platform.Http;
using OpenClue.Server.Platform.Jobs;

namespace OpenClue.Server.Nclue.Tasks;

public static class TasksApi
{
    public static RouteGroupBuilder MapTasksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/tasks").WithTags("Tasks");
        group.MapPost("", Create).WithMetadata(new DocumentedRequestBody(typeof(TaskCreateRequest)));
        group.MapGet("", List);
        group.MapGet("/{taskId}", Get);
        group.MapDelete("/{taskId}", Delete);
        group.MapGet("/{taskId}/report", Report).Produces<TaskReport>();
        return group;
    }

    private static async Task<Ok<TaskCreated>> Create(TaskCreateRequest request, Tenant tenant, TaskService tasks, CancellationToken ct) =>
        TypedResults.Ok(await tasks.CreateAsync(tenant, request, ct));

    private static async Task<Ok<TaskList>> List(HttpRequest http, Tenant tenant, ResourceQueries<TaskRecord> tasks, TimeZoneClock clock, CancellationToken ct)
    {
        var paging = NcluePaging.From(http);
        var (total, page) = await tasks.PageAsync(tenant, paging, ct);
        return TypedResults.Ok(new TaskList(paging.Index, paging.Limit, total, page.ConvertAll(item => TaskView.From(item, clock))));
    }

    private static async Task<Ok<TaskView>> Get(string taskId, Tenant tenant, ResourceQueries<TaskRecord> tasks, TimeZoneClock clock, CancellationToken ct) =>
        TypedResults.Ok(TaskView.From(await tasks.GetAsync(tenant, taskId, ct), clock));

    private static async Task<ContentHttpResult> Report(string taskId, Tenant tenant, TaskService tasks, CancellationToken ct) =>
        TypedResults.Content(await tasks.GetReportAsync(tenant, taskId, ct), "application/json; charset=utf-8");

    private static async Task<Ok<TaskDeleted>> Delete(string taskId, Tenant tenant, TaskService tasks, CancellationToken ct) =>
        TypedResults.Ok(await tasks.DeleteAsync(tenant, taskId, ct));
}
