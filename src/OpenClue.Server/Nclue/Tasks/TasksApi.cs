using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Http;

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
        group.MapGet("/{taskId}/report", Report);
        return group;
    }

    private static async Task<Ok<TaskCreated>> Create(HttpContext http, TaskService tasks, CancellationToken ct)
    {
        using var body = await JsonRequestBody.ReadAsync(http.Request, ct);
        return TypedResults.Ok(await tasks.CreateAsync(http.GetTenant(), body, ct));
    }

    private static async Task<Ok<TaskList>> List(HttpContext http, TaskQueries tasks, CancellationToken ct) =>
        TypedResults.Ok(await tasks.ListAsync(http.GetTenant(), Paging.From(http.Request), ct));

    private static async Task<Ok<TaskView>> Get(string taskId, HttpContext http, TaskQueries tasks, CancellationToken ct) =>
        TypedResults.Ok(await tasks.GetAsync(http.GetTenant(), taskId, ct));

    private static async Task<ContentHttpResult> Report(string taskId, HttpContext http, TaskService tasks, CancellationToken ct) =>
        TypedResults.Content(await tasks.GetReportAsync(http.GetTenant(), taskId, ct), "application/json; charset=utf-8");

    private static async Task<Ok<TaskDeleted>> Delete(string taskId, HttpContext http, TaskService tasks, CancellationToken ct) =>
        TypedResults.Ok(await tasks.DeleteAsync(http.GetTenant(), taskId, ct));
}
