using Microsoft.AspNetCore.Http.HttpResults;
using OpenClue.Server.Nsml.Http;
using OpenClue.Server.Platform.Auth;

namespace OpenClue.Server.Nsml.Projects;

/// <summary><c>/nsml/v1/projects</c> (§4.1, §4.2).</summary>
public static class ProjectsApi
{
    public static void MapProjectsApi(this RouteGroupBuilder nsml)
    {
        var group = nsml.MapGroup("/projects").WithTags("NSML projects");
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapGet("/{projectId}", Get);
        group.MapDelete("/{projectId}", Delete);
        group.MapGet("/{projectId}/nas", GetNas);
        group.MapPatch("/{projectId}/nas", ResizeNas);
    }

    private static async Task<JsonHttpResult<ProjectCreated>> Create(HttpContext http, ProjectService projects, CancellationToken ct)
    {
        using var body = await NsmlJsonBody.ReadAsync(http.Request, ct);
        var created = await projects.CreateAsync(http.GetTenant(), body.Root, ct);
        return TypedResults.Json(created, NsmlJsonContext.Relaxed.ProjectCreated, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<JsonHttpResult<ProjectListResponse>> List(HttpContext http, ProjectService projects, CancellationToken ct) =>
        TypedResults.Json(await projects.ListAsync(http.GetTenant(), NsmlPagingQuery.From(http.Request), ct), NsmlJsonContext.Relaxed.ProjectListResponse);

    private static async Task<JsonHttpResult<ProjectDetail>> Get(string projectId, HttpContext http, ProjectService projects, CancellationToken ct) =>
        TypedResults.Json(await projects.GetAsync(http.GetTenant(), projectId, ct), NsmlJsonContext.Relaxed.ProjectDetail);

    private static async Task<JsonHttpResult<ProjectDeleted>> Delete(string projectId, HttpContext http, ProjectService projects, CancellationToken ct) =>
        TypedResults.Json(await projects.DeleteAsync(http.GetTenant(), projectId, ct), NsmlJsonContext.Relaxed.ProjectDeleted);

    private static async Task<JsonHttpResult<ProjectNas>> GetNas(string projectId, HttpContext http, ProjectService projects, CancellationToken ct) =>
        TypedResults.Json(await projects.GetNasAsync(http.GetTenant(), projectId, ct), NsmlJsonContext.Relaxed.ProjectNas);

    private static async Task<JsonHttpResult<ProjectNas>> ResizeNas(string projectId, HttpContext http, ProjectService projects, CancellationToken ct)
    {
        using var body = await NsmlJsonBody.ReadAsync(http.Request, ct);
        return TypedResults.Json(await projects.ResizeNasAsync(http.GetTenant(), projectId, body.Root, ct), NsmlJsonContext.Relaxed.ProjectNas);
    }
}
