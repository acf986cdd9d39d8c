using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Nsml.Http;
using OpenClue.Server.Nsml.Persistence;
using OpenClue.Server.Nsml.Runs;
using OpenClue.Server.Nsml.Storage;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Nsml.Projects;

/// <summary>Projects of a tenant (§4.1, §4.2): create with a workspace, list, get, NAS, delete when nothing runs.</summary>
public sealed class ProjectService(NsmlDbContext db, Workspaces workspaces, NsmlClock clock, NsmlOptions options)
{
    public const string Created = "CREATED";
    public const string Deleting = "DELETING";

    public async Task<ProjectCreated> CreateAsync(Tenant tenant, JsonElement body, CancellationToken ct)
    {
        var name = ProjectRules.Name(body);
        var size = ProjectRules.NasVolumeSize(body);
        var note = ProjectRules.Note(body);
        if (await db.Projects.AnyAsync(p => p.TenantId == tenant.Id && p.Name == name, ct))
            throw new DuplicateException($"A project named '{name}' already exists.");
        var now = clock.NowMs();
        var project = new ProjectRecord
        {
            Id = NewProjectId(), TenantId = tenant.Id, Name = name, Note = note, NasVolumeSize = size,
            Status = Created, CreatedAt = now, UpdatedAt = now,
        };
        db.Projects.Add(project);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Created concurrently under the same name: the unique constraint decided.
            throw new DuplicateException($"A project named '{name}' already exists.");
        }
        workspaces.Create(tenant.Id, project.Id);
        return new ProjectCreated(project.Id);
    }

    public async Task<ProjectListResponse> ListAsync(Tenant tenant, NsmlPaging paging, CancellationToken ct)
    {
        var total = await db.Projects.CountAsync(p => p.TenantId == tenant.Id, ct);
        var rows = await db.Projects.AsNoTracking().Where(p => p.TenantId == tenant.Id)
            .OrderByDescending(p => p.Seq).Skip(paging.Skip).Take(paging.PageSize)
            .Select(p => new
            {
                Project = p,
                Runs = db.Runs.Count(r => r.ProjectId == p.Id),
                Nodes = db.Runs.Where(r => r.ProjectId == p.Id && (r.Status == RunStates.Pending || r.Status == RunStates.InProgress))
                    .Sum(r => (int?)r.NodeCount) ?? 0,
            })
            .ToListAsync(ct);
        var items = rows.Select(r => new ProjectListItem(r.Project.Id, 0, r.Project.Name, r.Project.Status, 0, r.Runs, r.Nodes,
            clock.Format(r.Project.CreatedAt), clock.Format(r.Project.UpdatedAt))).ToList();
        return new ProjectListResponse(items, total);
    }

    public async Task<ProjectDetail> GetAsync(Tenant tenant, string projectId, CancellationToken ct)
    {
        var project = await FindAsync(tenant, projectId, ct);
        var runs = await db.Runs.CountAsync(r => r.ProjectId == project.Id, ct);
        return new ProjectDetail(project.Id, project.Name, project.Status, project.Note, runs, project.NasVolumeSize,
            clock.Format(project.CreatedAt), clock.Format(project.UpdatedAt));
    }

    public async Task<ProjectNas> GetNasAsync(Tenant tenant, string projectId, CancellationToken ct) =>
        NasOf(tenant, await FindAsync(tenant, projectId, ct));

    public async Task<ProjectNas> ResizeNasAsync(Tenant tenant, string projectId, JsonElement body, CancellationToken ct)
    {
        var project = await FindAsync(tenant, projectId, ct);
        var size = ProjectRules.NasVolumeSize(body);
        var now = clock.NowMs();
        await db.Projects.Where(p => p.Id == project.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.NasVolumeSize, size).SetProperty(p => p.UpdatedAt, now), ct);
        project.NasVolumeSize = size;
        project.UpdatedAt = now;
        return NasOf(tenant, project);
    }

    /// <summary>Removes the project, its runs and its workspace; 406 while any of its runs is pending or in progress.</summary>
    public async Task<ProjectDeleted> DeleteAsync(Tenant tenant, string projectId, CancellationToken ct)
    {
        var project = await FindAsync(tenant, projectId, ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // The first write takes the project's lock, so no run can be created in it between the check and the delete.
            await db.Projects.Where(p => p.Id == project.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, Deleting), ct);
            var active = await db.Runs.CountAsync(r => r.ProjectId == project.Id &&
                (r.Status == RunStates.Pending || r.Status == RunStates.InProgress), ct);
            if (active > 0)
                throw new InvalidStateException($"Project {project.Id} has {active} run(s) pending or in progress; stop them first.");
            var runs = db.Runs.Where(r => r.ProjectId == project.Id).Select(r => r.Seq);
            await db.LogChunks.Where(c => runs.Contains(c.RunSeq)).ExecuteDeleteAsync(ct);
            await db.Nodes.Where(n => runs.Contains(n.RunSeq)).ExecuteDeleteAsync(ct);
            await db.Runs.Where(r => r.ProjectId == project.Id).ExecuteDeleteAsync(ct);
            await db.Projects.Where(p => p.Id == project.Id).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
        }
        workspaces.Delete(tenant.Id, project.Id);
        return new ProjectDeleted(project.Id);
    }

    /// <summary>The tenant's project, else 404 (another tenant's project is not found, never forbidden).</summary>
    public async Task<ProjectRecord> FindAsync(Tenant tenant, string projectId, CancellationToken ct) =>
        await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId && p.TenantId == tenant.Id, ct)
        ?? throw new NotFoundException($"Project {projectId} was not found.");

    private ProjectNas NasOf(Tenant tenant, ProjectRecord project)
    {
        var created = clock.Format(project.CreatedAt);
        var updated = clock.Format(project.UpdatedAt);
        return new ProjectNas(project.Id, project.Seq, options.Host ?? Environment.MachineName, workspaces.PathOf(tenant.Id, project.Id),
            project.NasVolumeSize, created, updated, created, updated);
    }

    /// <summary>20 lower-case letters and digits, like NSML's examples.</summary>
    private static string NewProjectId() => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", 20);
}
