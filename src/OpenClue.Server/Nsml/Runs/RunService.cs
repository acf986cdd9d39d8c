using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenClue.Server.Nsml.Catalog;
using OpenClue.Server.Nsml.Execution;
using OpenClue.Server.Nsml.Http;
using OpenClue.Server.Nsml.Persistence;
using OpenClue.Server.Nsml.Projects;
using OpenClue.Server.Platform.Auth;
using OpenClue.Server.Platform.Errors;

namespace OpenClue.Server.Nsml.Runs;

/// <summary>Runs (§4.3, N2–N4): create (queued for the node agents), list with filters, get, nodes, stop, delete.</summary>
public sealed class RunService(NsmlDbContext db, ProjectService projects, ProductCatalog catalog, NsmlClock clock, NsmlWakeup wakeup)
{
    public const int MaxNoteLength = 1000;
    public const int MaxCommandLength = 64 << 10;

    public async Task<RunCreated> CreateAsync(Tenant tenant, string projectId, JsonElement body, CancellationToken ct)
    {
        var project = await projects.FindAsync(tenant, projectId, ct);
        var code = Fields.RequiredInt(body, "gpuSvrCode");
        var product = catalog.Find(code) ?? throw InvalidInputException.Parameter(
            $"gpuSvrCode {code} is not a server product of this server (GET /server-products lists them).");
        var nodeCount = Fields.RequiredInt(body, "nodeCount");
        if (!product.NodeCounts.Contains(nodeCount))
            throw InvalidInputException.Parameter($"nodeCount {nodeCount} is not allowed by product {code}; allowed: {string.Join(", ", product.NodeCounts)}.");
        var imageType = Fields.RequiredString(body, "imageType");
        var imagePath = Fields.RequiredString(body, "imagePath");
        var images = imageType switch
        {
            "BASE" => catalog.BaseImages,
            "CUSTOM" => catalog.CustomImages,
            _ => throw InvalidInputException.Parameter($"imageType must be BASE or CUSTOM, not '{imageType}'."),
        };
        if (!images.Contains(imagePath))
            throw InvalidInputException.Parameter($"imagePath '{imagePath}' is not a {imageType.ToLowerInvariant()} image of this server (GET /images/{imageType.ToLowerInvariant()} lists them).");
        var command = Fields.OptionalString(body, "command");
        var runType = product.UseType == ProductCatalog.Dev ? RunStates.Notebook : RunStates.Training;
        if (runType == RunStates.Training && command is null)
            throw InvalidInputException.Parameter($"command is required: product {code} is a training (TRAIN) product.");
        if (runType == RunStates.Notebook && body.TryGetProperty("command", out var given) && given.ValueKind != JsonValueKind.Null)
            throw InvalidInputException.Parameter($"command must be omitted: product {code} is a notebook (DEV) product.");
        if (command is { Length: > MaxCommandLength })
            throw InvalidInputException.Parameter($"command must be at most {MaxCommandLength} characters.");
        var envs = RunEnvironment.Read(body);
        var blockStorage = ReadBlockStorage(body);
        var note = Fields.OptionalString(body, "note");
        if (note is { Length: > MaxNoteLength }) throw InvalidInputException.Parameter($"note must be at most {MaxNoteLength} characters.");

        var now = clock.NowMs();
        int runName;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            // The counter's update locks the project row: run names are dense and a concurrent delete waits.
            var updated = await db.Projects.Where(p => p.Id == project.Id && p.Status == ProjectService.Created)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.RunCounter, p => p.RunCounter + 1), ct);
            if (updated == 0) throw new NotFoundException($"Project {projectId} was not found.");
            runName = await db.Projects.Where(p => p.Id == project.Id).Select(p => p.RunCounter).SingleAsync(ct);
            var run = new RunRecord
            {
                TenantId = tenant.Id, ProjectId = project.Id, RunName = runName, RunType = runType, Status = RunStates.Pending,
                GpuSvrCode = code, NodeCount = nodeCount, SlotsPerNode = product.CpuSlots, ImageType = imageType, ImagePath = imagePath,
                Command = command, Envs = RunEnvironment.ToJson(envs), Note = note,
                BlockStorage = JsonSerializer.Serialize(blockStorage, NsmlJsonContext.Relaxed.IReadOnlyListInt32),
                Creator = tenant.AccessKey, Attempts = 1, CreatedAt = now, UpdatedAt = now,
            };
            db.Runs.Add(run);
            await db.SaveChangesAsync(ct);
            for (var rank = 0; rank < nodeCount; rank++)
                db.Nodes.Add(new NodeRecord { RunSeq = run.Seq, Rank = rank, Attempt = 1, State = NodeStates.Pending });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        wakeup.Signal();
        return new RunCreated(project.Id, Name(runName));
    }

    /// <summary>Runs of all the tenant's projects, newest first; the N4 filters apply before paging.</summary>
    public async Task<RunListResponse> ListAsync(Tenant tenant, RunListQuery filter, CancellationToken ct)
    {
        var paging = filter.Paging;
        var query = db.Runs.AsNoTracking().Where(r => r.TenantId == tenant.Id);
        if (filter.ProjectIds is { } ids) query = query.Where(r => ids.Contains(r.ProjectId));
        if (filter.Statuses is { } statuses)
        {
            foreach (var status in statuses)
                if (!RunStates.All.Contains(status))
                    throw InvalidInputException.Parameter($"status '{status}' is not a run state; use {string.Join(", ", RunStates.All)}.");
            query = query.Where(r => statuses.Contains(r.Status));
        }
        if (filter.RunTypes is { } runTypes)
        {
            foreach (var type in runTypes)
                if (type is not (RunStates.Notebook or RunStates.Training))
                    throw InvalidInputException.Parameter($"runType '{type}' is not a run type; use NOTEBOOK or TRAINING.");
            query = query.Where(r => runTypes.Contains(r.RunType));
        }
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.Seq).Skip(paging.Skip).Take(paging.PageSize)
            .Join(db.Projects, r => r.ProjectId, p => p.Id, (r, p) => new { Run = r, ProjectName = p.Name })
            .ToListAsync(ct);
        var items = rows.Select(x => new RunListItem(Name(x.Run.RunName), x.Run.RunType, x.Run.ProjectId, x.ProjectName, x.Run.Status,
            x.Run.Creator, clock.Format(x.Run.CreatedAt), clock.Format(x.Run.UpdatedAt))).ToList();
        return new RunListResponse(items, total);
    }

    public async Task<RunDetail> GetAsync(Tenant tenant, string projectId, string runName, CancellationToken ct)
    {
        var (project, run) = await FindAsync(tenant, projectId, runName, ct);
        var product = catalog.Find(run.GpuSvrCode);
        return new RunDetail(Name(run.RunName), project.Id, project.Name, run.Status, run.Creator, product?.EngFullName ?? "",
            run.GpuSvrCode, run.ImageType, run.ImagePath, run.Command, RunEnvironment.FromJson(run.Envs), run.Note, false, run.RunType,
            run.NodeCount, JsonSerializer.Deserialize(run.BlockStorage, NsmlJsonContext.Relaxed.IReadOnlyListInt32) ?? [],
            clock.Format(run.CreatedAt), clock.Format(run.UpdatedAt), clock.Format(run.StartedAt), clock.Format(run.EndedAt), run.StatusMessage);
    }

    public async Task<NodeListResponse> NodesAsync(Tenant tenant, string projectId, string runName, NsmlPaging paging, CancellationToken ct)
    {
        var (project, run) = await FindAsync(tenant, projectId, runName, ct);
        var product = catalog.Find(run.GpuSvrCode);
        var nodes = db.Nodes.AsNoTracking().Where(n => n.RunSeq == run.Seq);
        var total = await nodes.CountAsync(ct);
        var page = await nodes.OrderBy(n => n.Rank).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var name = Name(run.RunName);
        var items = page.Select(n => new NodeView($"{project.Id}-{name}-{n.Rank}", project.Id, project.Name, name, n.State,
            product?.EngFullName ?? "", run.ImagePath, n.Rank, n.ExitCode, n.Host, n.Message)).ToList();
        return new NodeListResponse(items, total);
    }

    /// <summary>
    /// N4 stop: nodes not yet started end at once; running ones are stopped by their workers (TERM, then KILL after
    /// the grace period), after which the run is <c>RUN_STATE_STOPPED</c>. 406 when the run has already ended.
    /// </summary>
    public async Task<RunChanged> StopAsync(Tenant tenant, string projectId, string runName, CancellationToken ct)
    {
        var (project, run) = await FindAsync(tenant, projectId, runName, ct);
        var now = clock.NowMs();
        var marked = await db.Runs.Where(r => r.Seq == run.Seq && (r.Status == RunStates.Pending || r.Status == RunStates.InProgress))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.StopRequested, true).SetProperty(r => r.UpdatedAt, now), ct);
        if (marked == 0) throw new InvalidStateException($"Run {runName} of project {projectId} has already ended ({run.Status}).");
        await db.Nodes.Where(n => n.RunSeq == run.Seq && n.Attempt == run.Attempts && (n.State == NodeStates.Pending || n.State == NodeStates.Placed))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.State, NodeStates.Stopped).SetProperty(n => n.EndedAt, now)
                .SetProperty(n => n.Message, "Stopped by the user before it started."), ct);
        await RunSettlement.SettleAsync(db, run.Seq, now, ct);
        wakeup.Signal();
        var status = await db.Runs.Where(r => r.Seq == run.Seq).Select(r => r.Status).SingleAsync(ct);
        return new RunChanged(project.Id, Name(run.RunName), status);
    }

    /// <summary>N4 delete: the run, its nodes and its log; 406 while it is pending or in progress.</summary>
    public async Task<RunChanged> DeleteAsync(Tenant tenant, string projectId, string runName, CancellationToken ct)
    {
        var (project, run) = await FindAsync(tenant, projectId, runName, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var deleted = await db.Runs.Where(r => r.Seq == run.Seq && r.Status != RunStates.Pending && r.Status != RunStates.InProgress)
            .ExecuteDeleteAsync(ct);
        if (deleted == 0) throw new InvalidStateException($"Run {runName} of project {projectId} is {run.Status}; stop it before deleting it.");
        await db.LogChunks.Where(c => c.RunSeq == run.Seq).ExecuteDeleteAsync(ct);
        await db.Nodes.Where(n => n.RunSeq == run.Seq).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return new RunChanged(project.Id, Name(run.RunName), run.Status);
    }

    /// <summary>The tenant's run, else 404; a run name that is not a decimal number names no run.</summary>
    public async Task<(ProjectRecord Project, RunRecord Run)> FindAsync(Tenant tenant, string projectId, string runName, CancellationToken ct)
    {
        var project = await projects.FindAsync(tenant, projectId, ct);
        if (!int.TryParse(runName, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            throw new NotFoundException($"Run {runName} of project {projectId} was not found.");
        var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.ProjectId == project.Id && r.RunName == number, ct)
            ?? throw new NotFoundException($"Run {runName} of project {projectId} was not found.");
        return (project, run);
    }

    public static string Name(int runName) => runName.ToString(CultureInfo.InvariantCulture);

    /// <summary>This server has no block storage (§4.7 lists none), so any number given names nothing.</summary>
    private static IReadOnlyList<int> ReadBlockStorage(JsonElement body)
    {
        if (!body.TryGetProperty("blockStorageNoList", out var list) || list.ValueKind == JsonValueKind.Null) return [];
        if (list.ValueKind != JsonValueKind.Array) throw InvalidInputException.Parameter("blockStorageNoList must be an array of integers.");
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out var number))
                throw InvalidInputException.Parameter("blockStorageNoList must be an array of integers.");
            throw InvalidInputException.Parameter($"Block storage {number} does not exist (GET /blk-storages lists the block storage of this server).");
        }
        return [];
    }
}
